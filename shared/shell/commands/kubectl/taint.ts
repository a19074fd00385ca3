/**
 * `kubectl taint nodes NAME KEY[=VALUE]:EFFECT[-]` (the kubeadm control-plane taint is
 * the usual target), and `kubectl edit`, which in this lab points at patch and apply.
 */
import type { KubeNode } from '../../../model/objects';
import { getOrThrow, KubectlError, resolveResource, type Verb } from './context';

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** `kubectl taint`. */
export const taint: Verb = {
  name: 'taint',
  summary: 'Update the taints on one or more nodes',
  usage: 'kubectl taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N [options]',
  flags: [{ name: 'overwrite', type: 'bool' }],
  run(k) {
    const [type, name, ...specs] = k.args.positional;
    if (!type || !name) throw new KubectlError('error: at least one taint update is required');
    const r = resolveResource(type);
    if (r.kind !== 'Node') throw new KubectlError(`error: invalid resource type ${type}, only node types are supported`);
    if (!specs.length) throw new KubectlError('error: at least one taint update is required');
    const node = getOrThrow(k, r, name) as KubeNode;
    let taints = [...(node.spec.taints ?? [])];
    let removed = false;
    for (const s of specs) {
      const remove = s.endsWith('-');
      const body = remove ? s.slice(0, -1) : s;
      const [kv, effect] = body.split(':') as [string, string | undefined];
      const [key, value] = kv.split('=') as [string, string | undefined];
      if (effect !== undefined && !EFFECTS.includes(effect)) throw new KubectlError(`error: invalid taint effect: ${effect}, unsupported taint effect`);
      if (remove) {
        const before = taints.length;
        taints = taints.filter((t) => !(t.key === key && (effect === undefined || t.effect === effect)));
        if (taints.length === before) throw new KubectlError(`error: taint "${body}" not found`);
        removed = true;
      } else {
        if (!effect) throw new KubectlError(`error: invalid taint spec: ${s}, unknown taint effect`);
        const i = taints.findIndex((t) => t.key === key && t.effect === effect);
        if (i >= 0 && !k.args.bools.has('overwrite')) throw new KubectlError(`error: node ${name} already has ${key} taint(s) with same effect(s) and --overwrite is false`);
        const t = { key, effect, ...(value ? { value } : {}) };
        if (i >= 0) taints[i] = t;
        else taints.push(t);
      }
    }
    const next = structuredClone(node);
    if (taints.length) next.spec.taints = taints;
    else delete next.spec.taints;
    k.ctx.engine.store.update(next);
    k.ctx.out(`node/${name} ${removed && specs.every((s) => s.endsWith('-')) ? 'untainted' : 'tainted'}\n`);
    return 0;
  },
};

/** `kubectl edit`: there is no editor in the lab's shell; the message says what to use. */
export const edit: Verb = {
  name: 'edit',
  summary: 'Edit a resource on the server',
  usage: 'kubectl edit (RESOURCE/NAME | -f FILENAME) [options]',
  flags: [{ name: 'output', short: 'o', type: 'string' }],
  run() {
    throw new KubectlError(
      'error: there is no editor in this shell (EDITOR is unset); change objects with "kubectl patch" or with "kubectl get -o yaml > file", a heredoc, and "kubectl apply -f file"',
    );
  },
};
