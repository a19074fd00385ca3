/**
 * The default pod HTTP server. Every pod answers HTTP on the TCP ports its containers
 * declare (and on 80 for nginx/httpd images, which listen there whatever the manifest
 * says) with one line of text: its pod name and the client address it saw, e.g.
 *   `web-7d4b9c8f6d-x2x7k (client 10.244.2.5:43512)\n`
 * so SNAT (the client address is a node's) versus a preserved client IP is visible.
 */
import type { Engine } from '../engine';
import type { NetNS } from '../../kernel/netns';
import type { Pod } from '../../model/objects';
import type { Listener, SocketProto } from './sockets';
import { appendPodLog, nginxAccessLine } from '../../controllers/system-pods/logs';

/** The body the default server answers with. */
export function defaultBody(podName: string, clientIp: string, clientPort: number): string {
  return `${podName} (client ${clientIp}:${clientPort})\n`;
}

function podOf(engine: Engine, ns: NetNS): Pod | undefined {
  if (ns.kind !== 'pod') return undefined;
  const rest = ns.id.slice('pod/'.length);
  const slash = rest.indexOf('/');
  if (slash < 0) return undefined;
  return engine.store.get('Pod', rest.slice(0, slash), rest.slice(slash + 1)) as Pod | undefined;
}

/** The pod's default listener on proto/port, if its spec says it serves there. */
export function defaultListener(engine: Engine, ns: NetNS, proto: SocketProto, port: number): Listener | undefined {
  if (proto !== 'tcp') return undefined;
  const pod = podOf(engine, ns);
  if (!pod) return undefined;
  const containers = pod.spec?.containers ?? [];
  const declared = containers.some((c) => (c.ports ?? []).some((p) => p.containerPort === port && (p.protocol ?? 'TCP') === 'TCP'));
  const webImage = port === 80 && containers.some((c) => /(^|\/)(nginx|httpd)(:|@|$)/.test(c.image));
  if (!declared && !webImage) return undefined;
  const name = pod.metadata.name;
  return {
    proto: 'tcp',
    port,
    process: webImage ? 'nginx' : 'http',
    handler: (req) => {
      const body = defaultBody(name, req.src, req.sport);
      // nginx writes one access line per request to stdout; `kubectl logs` prints them.
      if (webImage && req.payload.kind === 'http-request') {
        const h = req.payload.headers;
        const line = nginxAccessLine(engine.env.clock.now(), req.src, req.payload.method, req.payload.path, 200, body.length, h['User-Agent'] ?? '-', h['X-Forwarded-For'] ?? '-');
        appendPodLog(engine, pod.metadata.namespace ?? 'default', name, line);
      }
      return { process: webImage ? 'nginx' : 'http', payload: { kind: 'http-response', status: 200, body, headers: { 'Content-Type': 'text/plain' } } };
    },
  };
}
