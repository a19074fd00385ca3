import { describe, expect, it } from 'vitest';
import { createEngine } from '../../shared/sim/create';
import { CNI_CHOICES } from '../../shared/model/spec';
import { resolveSession, type SessionConfig } from './session-config';
import { unsupportedReason } from './support';
import { buildEngine, createLabHost } from './create-host';

function engine(config: SessionConfig) {
  const r = resolveSession(config);
  if ('error' in r) throw new Error(r.error);
  return createEngine(r.spec, r.env);
}

describe('unsupportedReason', () => {
  it.each(CNI_CHOICES.flatMap((cni) => (['iptables', 'ipvs'] as const).map((proxyMode) => [cni, proxyMode] as const)))('accepts %s with %s: the engine builds them', (cni, proxyMode) => {
    expect(unsupportedReason(engine({ cni, proxyMode }))).toBeUndefined();
  });

  it('notices when the CNI left nothing behind', () => {
    const e = engine({ cni: 'flannel:vxlan' });
    const ns = e.netns.get('node/node-1')!;
    ns.links = ns.links.filter((l) => l.name !== 'flannel.1');
    expect(unsupportedReason(e)).toBe('--cni flannel:vxlan is not simulated yet (node-1 has no flannel.1 VXLAN device)');
  });

  it('notices when the proxy mode left nothing behind', () => {
    const e = engine({ proxyMode: 'ipvs' });
    const ns = e.netns.get('node/node-1')!;
    ns.links = ns.links.filter((l) => l.name !== 'kube-ipvs0');
    expect(unsupportedReason(e)).toBe('--proxy-mode ipvs is not simulated yet (node-1 has no kube-ipvs0 device)');
  });

  it('refuses userspace mode unless its portal chains exist, in the host and the CLI alike', () => {
    const e = engine({ proxyMode: 'userspace' });
    const hasPortals = e.netns.get('node/node-1')!.nf.tables.nat.chains.has('KUBE-PORTALS-CONTAINER');
    const built = buildEngine({ proxyMode: 'userspace' });
    if (hasPortals) {
      expect('error' in built).toBe(false);
    } else {
      expect(built).toEqual({ error: '--proxy-mode userspace is not simulated yet (node-1 has no KUBE-PORTALS-CONTAINER/HOST chains)' });
      expect(() => createLabHost({ version: '0', config: { proxyMode: 'userspace' } })).toThrow(/userspace is not simulated yet/);
    }
  });
});
