/**
 * zod schemas per kind: the shape the API server decodes (field types). Objects are
 * loose, so fields the lab does not model pass through untouched; a wrong type is
 * reported as the server's decoding error (`cannot unmarshal string into ... of type int32`).
 */
import { z } from 'zod';

const str = z.string();
const int = z.number().int();
const strMap = z.record(z.string(), z.string());
const intOrString = z.union([int, z.string()]);

const meta = z.looseObject({
  name: str.optional(),
  generateName: str.optional(),
  namespace: str.optional(),
  labels: strMap.optional().nullable(),
  annotations: strMap.optional().nullable(),
});

const selector = z.looseObject({
  matchLabels: strMap.optional().nullable(),
  matchExpressions: z.array(z.looseObject({ key: str.optional(), operator: str.optional(), values: z.array(str).optional().nullable() })).optional().nullable(),
});

const containerPort = z.looseObject({ name: str.optional(), containerPort: int.optional(), protocol: str.optional(), hostPort: int.optional() });
const container = z.looseObject({
  name: str.optional(),
  image: str.optional(),
  command: z.array(str).optional().nullable(),
  args: z.array(str).optional().nullable(),
  ports: z.array(containerPort).optional().nullable(),
  env: z.array(z.looseObject({ name: str.optional(), value: str.optional() })).optional().nullable(),
});
const podSpec = z.looseObject({
  containers: z.array(container).optional().nullable(),
  nodeName: str.optional(),
  hostNetwork: z.boolean().optional(),
  nodeSelector: strMap.optional().nullable(),
  restartPolicy: str.optional(),
});
const template = z.looseObject({ metadata: meta.optional(), spec: podSpec.optional() });

const servicePort = z.looseObject({ name: str.optional(), protocol: str.optional(), port: int.optional(), targetPort: intOrString.optional(), nodePort: int.optional() });

const backend = z.looseObject({
  service: z.looseObject({ name: str.optional(), port: z.looseObject({ number: int.optional(), name: str.optional() }).optional() }).optional(),
});
const ingressSpec = z.looseObject({
  ingressClassName: str.optional(),
  defaultBackend: backend.optional(),
  tls: z.array(z.looseObject({ hosts: z.array(str).optional(), secretName: str.optional() })).optional().nullable(),
  rules: z
    .array(
      z.looseObject({
        host: str.optional(),
        http: z.looseObject({ paths: z.array(z.looseObject({ path: str.optional(), pathType: str.optional(), backend })) }).optional(),
      }),
    )
    .optional()
    .nullable(),
});

const peer = z.looseObject({
  podSelector: selector.optional().nullable(),
  namespaceSelector: selector.optional().nullable(),
  ipBlock: z.looseObject({ cidr: str.optional(), except: z.array(str).optional().nullable() }).optional().nullable(),
});
const policyPort = z.looseObject({ protocol: str.optional(), port: intOrString.optional(), endPort: int.optional() });
const policySpec = z.looseObject({
  podSelector: selector.optional().nullable(),
  policyTypes: z.array(str).optional().nullable(),
  ingress: z.array(z.looseObject({ from: z.array(peer).optional().nullable(), ports: z.array(policyPort).optional().nullable() })).optional().nullable(),
  egress: z.array(z.looseObject({ to: z.array(peer).optional().nullable(), ports: z.array(policyPort).optional().nullable() })).optional().nullable(),
});

const base = { apiVersion: str, kind: str, metadata: meta };

/** Schemas by kind; kinds without one are checked only for their metadata. */
export const SCHEMAS: Record<string, z.ZodType> = {
  Pod: z.looseObject({ ...base, spec: podSpec.optional() }),
  Deployment: z.looseObject({ ...base, spec: z.looseObject({ replicas: int.optional(), selector: selector.optional(), template: template.optional() }).optional() }),
  ReplicaSet: z.looseObject({ ...base, spec: z.looseObject({ replicas: int.optional(), selector: selector.optional(), template: template.optional() }).optional() }),
  DaemonSet: z.looseObject({ ...base, spec: z.looseObject({ selector: selector.optional(), template: template.optional() }).optional() }),
  Service: z.looseObject({
    ...base,
    spec: z
      .looseObject({
        type: str.optional(),
        selector: strMap.optional().nullable(),
        ports: z.array(servicePort).optional().nullable(),
        clusterIP: str.optional(),
        externalIPs: z.array(str).optional().nullable(),
        externalName: str.optional(),
        externalTrafficPolicy: str.optional(),
        sessionAffinity: str.optional(),
      })
      .optional(),
  }),
  ConfigMap: z.looseObject({ ...base, data: strMap.optional().nullable() }),
  Secret: z.looseObject({ ...base, data: strMap.optional().nullable(), stringData: strMap.optional().nullable(), type: str.optional() }),
  Namespace: z.looseObject(base),
  Ingress: z.looseObject({ ...base, spec: ingressSpec.optional() }),
  IngressClass: z.looseObject({ ...base, spec: z.looseObject({ controller: str.optional() }).optional() }),
  NetworkPolicy: z.looseObject({ ...base, spec: policySpec.optional() }),
};

/** Go's name for the JSON type of a value, as in `cannot unmarshal string into ...`. */
function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  return 'string';
}

function goType(expected: string, field: string): string {
  if (expected === 'number' || expected === 'int') return field === 'port' || field === 'containerPort' || field === 'nodePort' || field === 'replicas' ? 'int32' : 'int64';
  if (expected === 'string') return 'string';
  if (expected === 'boolean') return 'bool';
  if (expected === 'array') return '[]' + (field.endsWith('s') ? 'interface {}' : 'string');
  if (expected === 'record' || expected === 'object') return 'map[string]interface {}';
  return expected;
}

/** Checks field types; returns the server's decoding error text or undefined. */
export function checkTypes(kind: string, data: Record<string, unknown>): string | undefined {
  const schema = SCHEMAS[kind] ?? z.looseObject(base);
  const r = schema.safeParse(data);
  if (r.success) return undefined;
  const issue = r.error.issues[0]!;
  let v: unknown = data;
  for (const p of issue.path) v = (v as Record<PropertyKey, unknown> | undefined)?.[p as PropertyKey];
  const fields = issue.path.filter((p) => typeof p === 'string') as string[];
  const field = fields.at(-1) ?? '';
  const expected = 'expected' in issue ? String(issue.expected) : 'string';
  return `json: cannot unmarshal ${jsonType(v)} into Go struct field ${kind}.${fields.join('.')} of type ${goType(expected, field)}`;
}
