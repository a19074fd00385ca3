import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { ENGINE_CONTROLLERS } from '../../controllers/index';
import { defaultClusterSpec } from '../../model/spec';
import { createEnv } from '../../model/env';
import { sysctl, keyToPath, pathToKey } from './sysctl';
import { runCommand } from './iproute2/testkit';

describe('sysctl', () => {
  const mk = () => createEngine(defaultClusterSpec(), createEnv(1), { controllers: ENGINE_CONTROLLERS });
  const n2 = { kind: 'node', name: 'node-2' } as const;

  it('reads and writes ip_forward like procps-ng (texts checked against the real tool)', () => {
    const e = mk();
    expect(runCommand(e, sysctl, n2, 'sysctl net.ipv4.ip_forward')).toEqual({ out: 'net.ipv4.ip_forward = 1\n', err: '', code: 0 });
    expect(runCommand(e, sysctl, n2, 'sysctl -w net.ipv4.ip_forward=0')).toEqual({ out: 'net.ipv4.ip_forward = 0\n', err: '', code: 0 });
    expect(e.netns.get('node/node-2')!.sysctl.ipForward).toBe(false);
    expect(runCommand(e, sysctl, n2, 'sysctl -n net.ipv4.ip_forward').out).toBe('0\n');
    expect(runCommand(e, sysctl, n2, 'sysctl net.ipv4.foo')).toEqual({ out: '', err: 'sysctl: cannot stat /proc/sys/net/ipv4/foo: No such file or directory\n', code: 1 });
    expect(runCommand(e, sysctl, n2, 'sysctl -w net.ipv4.ip_forward=abc')).toEqual({ out: '', err: 'sysctl: setting key "net.ipv4.ip_forward": Invalid argument\n', code: 1 });
    expect(runCommand(e, sysctl, n2, 'sysctl net/ipv4/ip_forward').out).toBe('net.ipv4.ip_forward = 0\n');
    expect(runCommand(e, sysctl, n2, 'sysctl -w net.ipv4.ip_forward').err).toBe('sysctl: command line(0): invalid syntax, continuing...\n');
    expect(runCommand(e, sysctl, n2, 'sysctl net.ipv4.conf.flannel/1.proxy_arp').out).toBe('net.ipv4.conf.flannel/1.proxy_arp = 0\n');
  });

  it('is read-only in a pod', () => {
    const e = mk();
    expect(runCommand(e, sysctl, { kind: 'pod', namespace: 'default', name: 'client' }, 'sysctl -w net.ipv4.ip_forward=1')).toEqual({
      out: '', err: 'sysctl: setting key "net.ipv4.ip_forward": Read-only file system\n', code: 1,
    });
  });

  it('maps keys and paths both ways (dots in interface names become /)', () => {
    expect(keyToPath('net.ipv4.conf.flannel/1.proxy_arp')).toBe('/proc/sys/net/ipv4/conf/flannel.1/proxy_arp');
    expect(pathToKey('/proc/sys/net/ipv4/conf/flannel.1/proxy_arp')).toBe('net.ipv4.conf.flannel/1.proxy_arp');
  });
});
