import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { main } from './cli';
import type { CliIO } from './cli-shell';

const BIN = join(import.meta.dirname, '..', 'bin', 'netlab.mjs');

/** Runs bin/netlab.mjs with `input` on a pipe, as a learner's script or a test would. */
function netlab(args: string[], input = '') {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs main() in-process with captured streams and `input` as piped stdin. */
async function run(args: string[], input = '') {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), isTTY: false, readAll: async () => input };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('netlab CLI (the real binary, on pipes)', { timeout: 120_000 }, () => {
  it('prints its version', () => {
    const v = netlab(['--version']);
    expect(v).toMatchObject({ code: 0, stderr: '' });
    expect(v.stdout).toMatch(/^netlab \d+\.\d+\.\d+\n$/);
  });

  it('runs piped lines as a script: no prompt, no echo, output in order, status of the last command', () => {
    expect(netlab(['shell', '--node', 'node-2'], 'hostname\necho one; echo two\nnosuchcmd\necho $?\n')).toEqual({
      code: 0,
      stdout: 'node-2\none\ntwo\n127\n',
      stderr: 'bash: nosuchcmd: command not found\n',
    });
    expect(netlab(['shell', '--pod', 'client'], 'hostname\nexit 3\necho never\n')).toEqual({ code: 3, stdout: 'client\n', stderr: '' });
  });

  it('ends quietly when its reader goes away (EPIPE), as SIGPIPE would', () => {
    const r = spawnSync('sh', ['-c', `printf 'seq 200000\\n' | "${process.execPath}" "${BIN}" shell | head -1`], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stdout.split('\n')[0]).toBe('1');
    expect(r.stderr).toBe('');
  });

  it('rejects an unsupported flag value with exit 2', () => {
    expect(netlab(['shell', '--cni', 'weave'], 'hostname\n')).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('netlab: unsupported --cni "weave" (choose one of: flannel:vxlan,') });
  });
});

describe('netlab CLI (in process)', () => {
  it('prints help', async () => {
    const h = await run(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('Usage: netlab <command>');
    expect(h.stdout).toContain('flannel:vxlan | flannel:udp');
    expect((await run([])).code).toBe(2);
  });

  it('rejects unknown commands, unknown flags and unsupported values with exit 2', async () => {
    expect(await run(['frobnicate'])).toEqual({ code: 2, stdout: '', stderr: `netlab: unknown command "frobnicate"\nTry 'netlab --help' for more information.\n` });
    expect(await run(['shell', '--colour'])).toMatchObject({ code: 2, stderr: expect.stringContaining("netlab: Unknown option '--colour'") });
    expect(await run(['shell', 'node-1'])).toMatchObject({ code: 2, stderr: expect.stringContaining("Unexpected argument 'node-1'") });
    expect(await run(['shell', '--proxy-mode', 'nftables'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unsupported --proxy-mode "nftables" (choose one of: iptables, ipvs, userspace)') });
    expect(await run(['shell', '--nodes', 'three'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--nodes must be an integer from 1 to 250, not "three"') });
    expect(await run(['shell', '--seed', '-1'])).toMatchObject({ code: 2 });
    expect(await run(['shell', '--node', 'node-1', '--pod', 'web'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--node and --pod cannot be used together') });
    expect(await run(['serve', '--host', '0.0.0.0'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--host must be a loopback address') });
    expect(await run(['serve', '--port', '70000'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--port must be an integer from 0 to 65535') });
  });

  it('says which hosts exist when the node or pod is not there', async () => {
    expect(await run(['shell', '--node', 'node-7'], 'exit\n')).toEqual({ code: 1, stdout: '', stderr: 'netlab: no node "node-7" (nodes: node-1, node-2, node-3, external)\n' });
    expect(await run(['shell', '--pod', 'no-such-pod'])).toEqual({ code: 1, stdout: '', stderr: 'netlab: no pod "no-such-pod" in any namespace\n' });
  });

  it('builds the cluster the flags ask for', async () => {
    expect(await run(['shell', '--nodes', '5', '--node', 'node-5'], 'hostname\n')).toEqual({ code: 0, stdout: 'node-5\n', stderr: '' });
    expect(await run(['shell', '--node', 'external'], 'hostname\n')).toEqual({ code: 0, stdout: 'external\n', stderr: '' });
    // --pod looks in every namespace: etcd-node-1 lives in kube-system (host network: the node's name).
    expect(await run(['shell', '--pod', 'etcd-node-1'], 'hostname\n')).toEqual({ code: 0, stdout: 'node-1\n', stderr: '' });
    expect(await run(['shell', '--cni', 'calico:ipip', '--proxy-mode', 'ipvs', '--seed', '9'], 'hostname\n')).toEqual({ code: 0, stdout: 'node-1\n', stderr: '' });
  });
});

describe('netlab lab', () => {
  it('hands over to the lab tools with the same streams', async () => {
    const r = await run(['lab', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: netlab lab <command>');
  });
});

describe('netlab shell script mode ordering', () => {
  it('interleaves stdout and stderr in the order they were written', async () => {
    const order: string[] = [];
    const io: CliIO = { out: (t) => void order.push(`out:${t}`), err: (t) => void order.push(`err:${t}`), isTTY: false, readAll: async () => 'echo a\nnosuch\necho b\n' };
    expect(await main(['shell'], io)).toBe(0);
    expect(order).toEqual(['out:a\n', 'err:bash: nosuch: command not found\n', 'out:b\n']);
  });
});

describe('netlab serve', () => {
  it('says so when the port is taken', async () => {
    const { createServer } = await import('node:net');
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    const dataDir = mkdtempSync(join(tmpdir(), 'netlab-serve-'));
    const r = await run(['serve', '--port', String(port), '--data-dir', dataDir, '--root', dataDir]);
    blocker.close();
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`netlab: cannot listen on 127.0.0.1:${port}: address already in use\n`);
  });
});
