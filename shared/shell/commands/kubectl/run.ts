/**
 * `kubectl run NAME --image=IMAGE [--labels] [--port] [--env] [--restart] [-it] [--
 * ARGS]`: the Pod kubectl's generator builds (label run=NAME, container named after the
 * pod). With -i/--attach and `-- CMD` the command runs attached (see run-attach.ts); with
 * -it and no command the terminal is handed to the new pod's shell, as an attach would.
 */
import { KubectlError, type Verb } from './context';
import { dryRunSuffix } from './manifest/files';
import { prepare, writeObject } from './manifest/write';
import { objectName, parseOutput, printObjects } from './output';
import { attachedShellExit, runAttached } from './run-attach';
import { SHELLS } from './exec';
import type { KubeObject } from '../../../model/objects';

type Any = Record<string, any>;

/** `kubectl run`. */
export const run: Verb = {
  name: 'run',
  summary: 'Run a particular image on the cluster',
  usage: 'kubectl run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...] [options]',
  flags: [
    { name: 'image', type: 'string' },
    { name: 'labels', short: 'l', type: 'string' },
    { name: 'port', type: 'string' },
    { name: 'env', type: 'strings' },
    { name: 'restart', type: 'string' },
    { name: 'command', type: 'bool' },
    { name: 'stdin', short: 'i', type: 'bool' },
    { name: 'tty', short: 't', type: 'bool' },
    { name: 'rm', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'dry-run', type: 'string', noOptDefault: 'unchanged' },
    { name: 'image-pull-policy', type: 'string' },
    { name: 'attach', type: 'bool' },
  ],
  run(k) {
    const name = k.args.positional[0];
    if (!name) throw new KubectlError('error: NAME is required for run\nSee \'kubectl run -h\' for help and examples');
    const image = k.args.strings.get('image');
    if (!image) throw new KubectlError('error: required flag(s) "image" not set');
    const restart = k.args.strings.get('restart') ?? 'Always';
    if (!['Always', 'OnFailure', 'Never'].includes(restart)) throw new KubectlError(`error: invalid restart policy: ${restart}`);
    const interactive = k.args.bools.has('stdin') && k.args.bools.has('tty');
    if (k.args.bools.has('rm') && !k.args.bools.has('stdin') && !k.args.bools.has('attach')) {
      throw new KubectlError('error: --rm should only be used for attached containers');
    }
    const labels: Record<string, string> = {};
    for (const kv of (k.args.strings.get('labels') ?? `run=${name}`).split(',')) {
      const [a, b] = kv.split('=');
      if (!a || b === undefined) throw new KubectlError(`error: invalid label spec: ${kv}`);
      labels[a] = b;
    }
    const c: Any = { image, name };
    const rest = k.args.rest ?? k.args.positional.slice(1);
    if (rest.length) c[k.args.bools.has('command') ? 'command' : 'args'] = rest;
    const env = (k.args.lists.get('env') ?? []).map((e) => {
      const i = e.indexOf('=');
      return { name: e.slice(0, i), value: e.slice(i + 1) };
    });
    if (env.length) c.env = env;
    const pull = k.args.strings.get('image-pull-policy');
    if (pull) c.imagePullPolicy = pull;
    const port = k.args.strings.get('port');
    if (port !== undefined) c.ports = [{ containerPort: Number(port) }];
    c.resources = {};
    if (k.args.bools.has('stdin')) {
      c.stdin = true;
      c.stdinOnce = true;
    }
    if (k.args.bools.has('tty')) c.tty = true;
    const pod: Any = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { creationTimestamp: null, labels, name },
      spec: { containers: [c], dnsPolicy: 'ClusterFirst', restartPolicy: restart },
      status: {},
    };
    const fmt = parseOutput(k.args.strings.get('output'), false);
    const suffix = dryRunSuffix(k);
    if (suffix === ' (dry run)' && fmt.kind !== 'table') {
      k.ctx.out(printObjects([pod as KubeObject], fmt, true));
      return 0;
    }
    const obj = structuredClone(pod);
    delete obj.metadata.creationTimestamp;
    delete obj.status;
    const p = prepare(k, { source: '', data: obj });
    let written: KubeObject;
    try {
      written = writeObject(k, p, 'create', suffix !== undefined).obj;
    } catch (e) {
      if (e instanceof KubectlError && e.message.includes('(AlreadyExists)')) throw new KubectlError(`Error from server (AlreadyExists): pods "${name}" already exists`);
      throw e;
    }
    const ns = written.metadata.namespace ?? k.namespace;
    // with a command and stdin/attach, kubectl waits for the pod and attaches to its process
    // `-it -- /bin/sh`: the command is a shell, so the terminal is handed to it as without one.
    const shellCmd = rest.length === 1 && SHELLS.has(rest[0]!);
    if (rest.length && !(interactive && shellCmd) && suffix === undefined && (k.args.bools.has('stdin') || k.args.bools.has('attach'))) {
      return runAttached(k, ns, name, rest, k.args.bools.has('tty'));
    }
    if (interactive && suffix === undefined) {
      const live = k.ctx.engine.store.get('Pod', written.metadata.namespace, name) as Any | undefined;
      if (live?.status?.phase === 'Running') {
        k.ctx.err("If you don't see a command prompt, try pressing enter.\n");
        if (k.ctx.openShell({ kind: 'pod', namespace: ns, name, container: name }, attachedShellExit(k, ns, name, restart))) return 0;
      }
      k.ctx.err(`error: timed out waiting for the condition\n`);
      return 1;
    }
    k.ctx.out(fmt.kind === 'table' ? `${objectName(written)} created${suffix ?? ''}\n` : printObjects([written], fmt, true));
    return 0;
  },
};
