/**
 * The default pod HTTP server ("pods run a small HTTP server unless told otherwise").
 * Which TCP ports a pod serves, by one rule:
 *   1. the port its image really listens on, whatever the manifest says (containerPort is
 *      informational in Kubernetes): nginx/httpd → 80; google-samples hello-app, agnhost,
 *      echoserver → 8080 (see KNOWN_IMAGES);
 *   2. plus every TCP containerPort its containers declare;
 *   3. and when neither names a port (busybox, a custom image, no `ports:`), 80.
 * The answer is one line of text: the pod name and the client address it saw, e.g.
 *   `web-7d4b9c8f6d-x2x7k (client 10.244.2.5:43512)\n`
 * so SNAT (the client address is a node's) versus a preserved client IP is visible;
 * hello-app answers its own body (`Hello, world!\nVersion: 1.0.0\nHostname: <pod>\n`),
 * as the docs' Ingress walkthrough shows. A control-plane node's 6443 is the apiserver.
 */
import type { Engine } from '../engine';
import type { NetNS } from '../../kernel/netns';
import type { Pod } from '../../model/objects';
import type { Listener, SocketProto } from './sockets';
import { appendPodLog, nginxAccessLine } from '../../controllers/system-pods/logs';
import { apiserverListener } from './apiserver';

/** Sample images and the port they listen on whatever the manifest declares. */
const KNOWN_IMAGES: { re: RegExp; port: number; process: string }[] = [
  { re: /(^|\/)(nginx|httpd)(:|@|$)/, port: 80, process: 'nginx' },
  { re: /(^|\/)hello-app(:|@|$)/, port: 8080, process: 'hello-app' },
  { re: /(^|\/)agnhost(:|@|$)/, port: 8080, process: 'agnhost' },
  { re: /(^|\/)echoserver(:|@|$)/, port: 8080, process: 'echoserver' },
];

/** hello-app's reply: its version is the image tag (`1.0` → `1.0.0`). */
export function helloAppBody(image: string, podName: string): string {
  const tag = /:([^:/@]+)$/.exec(image)?.[1] ?? '1.0';
  const version = /^\d+\.\d+$/.test(tag) ? `${tag}.0` : tag;
  return `Hello, world!\nVersion: ${version}\nHostname: ${podName}\n`;
}

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
  if (ns.kind === 'node') return apiserverListener(engine, ns, port);
  const pod = podOf(engine, ns);
  if (!pod) return undefined;
  const containers = pod.spec?.containers ?? [];
  const tcpPorts = containers.flatMap((c) => (c.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP').map((p) => p.containerPort));
  const known = containers.flatMap((c) => KNOWN_IMAGES.filter((k) => k.re.test(c.image)).map((k) => ({ ...k, image: c.image })));
  const app = known.find((k) => k.port === port);
  const serves = app || tcpPorts.includes(port) || (port === 80 && !known.length && !tcpPorts.length);
  if (!serves) return undefined;
  const webImage = app?.process === 'nginx';
  const process = app?.process ?? 'http';
  const name = pod.metadata.name;
  return {
    proto: 'tcp',
    port,
    process,
    handler: (req) => {
      const body = app?.process === 'hello-app' ? helloAppBody(app.image, name) : defaultBody(name, req.src, req.sport);
      // nginx writes one access line per request to stdout; `kubectl logs` prints them.
      if (webImage && req.payload.kind === 'http-request') {
        const h = req.payload.headers;
        const line = nginxAccessLine(engine.env.clock.now(), req.src, req.payload.method, req.payload.path, 200, body.length, h['User-Agent'] ?? '-', h['X-Forwarded-For'] ?? '-');
        appendPodLog(engine, pod.metadata.namespace ?? 'default', name, line);
      }
      return { process, payload: { kind: 'http-response', status: 200, body, headers: { 'Content-Type': 'text/plain' } } };
    },
  };
}
