/**
 * The default sandbox's workloads, as a learner would create them with kubectl: the `web`
 * Deployment (3 × nginx:1.27, app=web, port 80 named http) and a `client` pod to ping and
 * curl from. The `web` Service belongs to the services controllers.
 */
import type { Controller } from '../controller';
import type { Deployment, Pod } from '../../model/objects';
import { withPodDefaults } from './pods';
import { trackCreationOrder } from './creation-order';
import { applyDefaults } from '../../shell/commands/kubectl/manifest/defaults';

/**
 * The web Deployment of the default sandbox, stored already defaulted as the API server
 * would: kubectl re-applies the defaults on every write (scale, label...), and an
 * undefaulted template would hash differently and roll out a new ReplicaSet.
 */
export function webDeployment(replicas = 3): Deployment {
  const d: Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, generation: 1 },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }] }] },
      },
    },
  };
  applyDefaults(d);
  return d;
}

/** The client pod of the default sandbox. */
export function clientPod(): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'client', namespace: 'default', labels: { app: 'client' } },
    spec: withPodDefaults({ containers: [{ name: 'client', image: 'curlimages/curl:8.11.1', command: ['sleep', 'infinity'] }] }),
  };
}

/** Creates the sandbox workloads once, when the spec asks for them. */
export function sandboxController(): Controller {
  return {
    name: 'sandbox',
    start(engine) {
      // every engine, sandbox or not: pods' service-link variables depend on it
      trackCreationOrder(engine);
      if (engine.spec.workloads !== 'default') return;
      if (!engine.store.get('Deployment', 'default', 'web')) engine.store.create(webDeployment());
      if (!engine.store.get('Pod', 'default', 'client')) engine.store.create(clientPod());
    },
  };
}
