/**
 * `kubectl rollout restart|status|history` for Deployments and DaemonSets. A restart
 * stamps `kubectl.kubernetes.io/restartedAt` into the pod template, exactly as kubectl
 * does, so the controllers roll out new pods (new names, new IPs).
 */
import { isoSeconds } from '../../../model/store';
import { getOrThrow, KubectlError, typeAndNames, type Verb } from './context';
import { objectName } from './output';

type Any = any;

/** `kubectl rollout`. */
export const rollout: Verb = {
  name: 'rollout',
  summary: 'Manage the rollout of a resource',
  usage: 'kubectl rollout SUBCOMMAND [options]',
  flags: [
    { name: 'watch', short: 'w', type: 'bool' },
    { name: 'timeout', type: 'string' },
    { name: 'revision', type: 'string' },
  ],
  run(k) {
    const [sub, ...rest] = k.args.positional;
    if (!sub || !['restart', 'status', 'history', 'undo', 'pause', 'resume'].includes(sub)) {
      throw new KubectlError(sub ? `error: unknown command "${sub}" for "kubectl rollout"` : 'error: a subcommand is required (restart, status, history)');
    }
    const reqs = typeAndNames(rest);
    if (!reqs.length || reqs.some((q) => !q.names.length)) {
      throw new KubectlError(`error: required resource not specified`);
    }
    for (const q of reqs) {
      if (!['Deployment', 'DaemonSet'].includes(q.r.kind)) throw new KubectlError(`error: no ${sub === 'restart' ? 'restarter' : 'status viewer'} has been implemented for {"${q.r.group}" "${q.r.kind}"}`);
      for (const n of q.names) {
        const o = getOrThrow(k, q.r, n) as Any;
        if (sub === 'restart') {
          o.spec.template.metadata = o.spec.template.metadata ?? {};
          // A second restart within the same virtual second would stamp the same time and roll nothing;
          // on a real cluster time has passed, so move the clock on by a second (LABS lane seam, lab 04).
          let stamp = isoSeconds(k.ctx.engine.env.clock.now());
          if (o.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'] === stamp) {
            k.ctx.engine.env.clock.advance(1000);
            stamp = isoSeconds(k.ctx.engine.env.clock.now());
          }
          o.spec.template.metadata.annotations = { ...(o.spec.template.metadata.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': stamp };
          o.metadata.generation = (o.metadata.generation ?? 1) + 1;
          k.ctx.engine.store.update(o);
          k.ctx.out(`${objectName(o)} restarted\n`);
        } else if (sub === 'status') {
          const st = o.status ?? {};
          if (q.r.kind === 'Deployment') {
            const want = o.spec.replicas ?? 1;
            const avail = st.availableReplicas ?? 0;
            const updated = st.updatedReplicas ?? 0;
            if (updated < want) k.ctx.out(`Waiting for deployment "${n}" rollout to finish: ${updated} out of ${want} new replicas have been updated...\n`);
            else if (avail < want) k.ctx.out(`Waiting for deployment "${n}" rollout to finish: ${avail} of ${want} updated replicas are available...\n`);
            if (updated < want || avail < want) throw new KubectlError(`error: timed out waiting for the condition`);
            k.ctx.out(`deployment "${n}" successfully rolled out\n`);
          } else {
            const want = st.desiredNumberScheduled ?? 0;
            const avail = st.numberAvailable ?? 0;
            if (avail < want) {
              k.ctx.out(`Waiting for daemon set "${n}" rollout to finish: ${avail} of ${want} updated pods are available...\n`);
              throw new KubectlError(`error: timed out waiting for the condition`);
            }
            k.ctx.out(`daemon set "${n}" successfully rolled out\n`);
          }
        } else if (sub === 'history') {
          const rss = k.ctx.engine.store
            .list('ReplicaSet', o.metadata.namespace)
            .filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === o.metadata.uid));
          const revs = rss.map((rs) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0)).filter((x) => x > 0).sort((a, b) => a - b);
          // rollout history's tab writer pads with two spaces, not three.
          const rows = [['REVISION', 'CHANGE-CAUSE'], ...(revs.length ? revs : [1]).map((r) => [String(r), '<none>'])];
          k.ctx.out(`${objectName(o)} \n${rows.map(([a, b]) => `${a!.padEnd(10)}${b}\n`).join('')}\n`);
        } else {
          throw new KubectlError(`error: rollout ${sub} is not supported in this lab`);
        }
      }
    }
    return 0;
  },
};
