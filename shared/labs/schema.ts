/**
 * The lab format (labs/<id>/lab.yaml) as a zod schema: the single source of truth for the
 * loader, the validator, the runtime and the JSON Schema shipped as labs/lab.schema.json.
 * Labs are data, never code (CONVENTIONS 9): every check is a declarative predicate.
 */
import { z } from 'zod';

/** Text in both course languages. */
export const localizedSchema = z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) }).strict();
export type Localized = z.infer<typeof localizedSchema>;

/** A `{{variable}}` (or a live `{{nodeport:ns/svc}}`) where a number is expected. */
const templateRef = z
  .string()
  .regex(/^\{\{\s*([A-Za-z_]\w*|nodeport:[\w.-]+\/[\w.-]+)\s*\}\}$/, 'expected a number, a {{variable}} or {{nodeport:namespace/service}}');
const intOrVar = z.union([z.number().int(), templateRef]);

/**
 * Where a shell or a walk starts: `node-1`, `external`, `pod/<name>`, `pod/<ns>/<name>`
 * (optionally `:<container>`), or `pods/<label=value>[@<node>]` for the first pod (by name)
 * that a label selects, optionally on a given node — pod names are generated, labels are not.
 */
export const targetRefSchema = z
  .string()
  .regex(
    /^(external|[a-z0-9{][\w.{}-]*|pod\/[a-z0-9.{}-]+(\/[a-z0-9.{}-]+)?(:[a-z0-9{}-]+)?|pods\/[\w./{}-]+=[\w.{}-]+(,[\w./{}-]+=[\w.{}-]+)*(@[\w.{}-]+)?(:[a-z0-9{}-]+)?)$/,
    'expected a target: node-N, external, pod/<ns>/<name>[:container] or pods/<label>=<value>[@node]',
  );

/** A count comparison: exact number, or bounds. */
export const countSchema = z.union([
  intOrVar,
  z.object({ min: intOrVar.optional(), max: intOrVar.optional() }).strict(),
]);

/** A pattern: a JavaScript regular expression, checked to compile when the lab loads. */
export const patternSchema = z.string().min(1).refine((s) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}, 'expected a valid regular expression');

const checkBase = {
  /** Stable id within the step (progress refers to it). */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id like "route-back"'),
  /** What the learner sees next to the green/red mark. */
  message: localizedSchema,
  /** Shown when the check fails after "Check" (why it may fail). */
  failMessage: localizedSchema.optional(),
};

const objectCheck = z.object({
  ...checkBase,
  kind: z.literal('object'),
  resource: z.string().min(1),
  namespace: z.string().optional(),
  name: z.string().optional(),
  /** `app=web,tier=front`: objects whose labels match. */
  labels: z.string().optional(),
  /** How many objects must match (default: at least one). */
  count: countSchema.optional(),
  /** A dotted path into the object (`spec.type`, `status.loadBalancer.ingress.0.ip`). */
  field: z.string().optional(),
  equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
  matches: patternSchema.optional(),
  /** false: passes when nothing matches. */
  exists: z.boolean().optional(),
}).strict();

const endpointsCheck = z.object({
  ...checkBase,
  kind: z.literal('endpoints'),
  service: z.string().min(1),
  namespace: z.string().optional(),
  count: countSchema,
}).strict();

const routeCheck = z.object({
  ...checkBase,
  kind: z.literal('route'),
  on: targetRefSchema,
  /** Matched against the route as `ip route` prints it. */
  matches: patternSchema,
  present: z.boolean().default(true),
}).strict();

const linkCheck = z.object({
  ...checkBase,
  kind: z.literal('link'),
  on: targetRefSchema,
  name: patternSchema,
  linkKind: z.enum(['loopback', 'ether', 'veth', 'bridge', 'vxlan', 'ipip', 'tun', 'dummy']).optional(),
  up: z.boolean().optional(),
  present: z.boolean().default(true),
}).strict();

const neighCheck = z.object({
  ...checkBase,
  kind: z.enum(['neigh', 'fdb']),
  on: targetRefSchema,
  matches: patternSchema,
  present: z.boolean().default(true),
}).strict();

/** Runs a read-only command in a hidden shell and matches its output (iptables-save, ipvsadm -Ln...). */
const outputCheck = z.object({
  ...checkBase,
  kind: z.literal('output'),
  on: targetRefSchema,
  run: z.string().min(1),
  matches: patternSchema,
  /** How many output lines must match (default: at least one). */
  count: countSchema.optional(),
  present: z.boolean().default(true),
}).strict();

const iptablesCheck = z.object({
  ...checkBase,
  kind: z.literal('iptables'),
  on: targetRefSchema,
  table: z.enum(['raw', 'mangle', 'nat', 'filter']).default('filter'),
  /** Matched against each `-A CHAIN ...` line of iptables-save for that table. */
  matches: patternSchema,
  count: countSchema.optional(),
  present: z.boolean().default(true),
}).strict();

const ipvsCheck = z.object({
  ...checkBase,
  kind: z.literal('ipvs'),
  on: targetRefSchema,
  /** The virtual service as ipvsadm -Ln prints it, e.g. `TCP  10\.96\..*:80 rr`. */
  service: patternSchema,
  /** Number of real servers behind it. */
  realServers: countSchema.optional(),
  present: z.boolean().default(true),
}).strict();

/** What a walk is asked to carry (shared by reachability checks and predictions). */
export const walkSpecSchema = z.object({
  from: targetRefSchema,
  /** An IP, `svc/<name>[.<ns>]` (its ClusterIP), `node/<name>` (its IP), `pod/<name>` or `pods/<sel>`. */
  to: z.string().min(1),
  proto: z.enum(['tcp', 'udp', 'icmp']).default('tcp'),
  port: intOrVar.optional(),
}).strict();
export type WalkSpec = z.infer<typeof walkSpecSchema>;

const walkCheck = z.object({
  ...checkBase,
  kind: z.literal('walk'),
  walk: walkSpecSchema,
  expect: z.enum(['delivered', 'dropped', 'rejected', 'no-reply', 'not-delivered']).default('delivered'),
  /** A hop whose host, device, netns, summary or matched rule matches (e.g. `flannel\.1`, `cni0`), or the drop reason. */
  via: patternSchema.optional(),
  /** The source IP the server saw. */
  clientIp: patternSchema.optional(),
  /** The namespace id that answered (`pod/default/web-.*`). */
  answeredBy: patternSchema.optional(),
}).strict();

const commandCheck = z.object({
  ...checkBase,
  kind: z.literal('command'),
  /** The command line the learner ran (argv joined by spaces). */
  matches: patternSchema,
  on: targetRefSchema.optional(),
  /** Any host but this one (for "wrong node" hints). */
  notOn: targetRefSchema.optional(),
  output: patternSchema.optional(),
  /** The exit status required (default 0: a failed command does not count). */
  exitCode: z.number().int().optional(),
}).strict();

const questionCheck = z.object({
  ...checkBase,
  kind: z.literal('question'),
  /** The question id (in the step's `questions`). */
  question: z.string().min(1),
}).strict();

/** Every kind of check. */
export const checkSchema = z.discriminatedUnion('kind', [
  objectCheck,
  endpointsCheck,
  routeCheck,
  linkCheck,
  neighCheck,
  outputCheck,
  iptablesCheck,
  ipvsCheck,
  walkCheck,
  commandCheck,
  questionCheck,
]);
export type Check = z.infer<typeof checkSchema>;

/** A question: choice, multiple choice, short answer, or a prediction the walk grades. */
export const questionSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id'),
  type: z.enum(['single', 'multiple', 'text', 'predict']),
  prompt: localizedSchema,
  /** Choice values (shown as is: interface names, IPs, node names...). */
  choices: z.array(z.string().min(1)).optional(),
  /** Accepted answers (single/multiple: the right choices; text: accepted strings, case-insensitive). */
  answers: z.array(z.string().min(1)).optional(),
  /** For predictions: the walk to run, and what about it the learner predicts. */
  walk: walkSpecSchema.optional(),
  about: z.enum(['verdict', 'answeredByNode', 'answeredByPod', 'dropHost', 'clientIp', 'firstDevice']).optional(),
  explain: localizedSchema.optional(),
}).strict();
export type Question = z.infer<typeof questionSchema>;

/** A command the learner can click to paste into a shell. */
export const shellLineSchema = z.object({ shell: targetRefSchema, line: z.string().min(1) }).strict();
export type ShellLine = z.infer<typeof shellLineSchema>;

export const hintSchema = z.object({
  text: localizedSchema,
  /** Revealed on its own when this check passes (a typical mistake, described declaratively). */
  when: checkSchema.optional(),
}).strict();

/** A fault injected at start, each an engine operation (or a command run as root on a host). */
export const faultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('delete-route'), on: targetRefSchema, dst: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('iptables-rule'), on: targetRefSchema, table: z.enum(['raw', 'mangle', 'nat', 'filter']).default('filter'), rule: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('patch'), resource: z.string().min(1), namespace: z.string().optional(), name: z.string().min(1), field: z.string().min(1), value: z.unknown() }).strict(),
  z.object({ kind: z.literal('stop-controller'), controller: z.enum(['load-balancer']) }).strict(),
  z.object({ kind: z.literal('start-controller'), controller: z.enum(['load-balancer']) }).strict(),
  z.object({ kind: z.literal('cut-bgp-peer'), on: targetRefSchema, peer: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('command'), on: targetRefSchema, line: z.string().min(1) }).strict(),
]);
export type Fault = z.infer<typeof faultSchema>;

export const stepSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id'),
  title: localizedSchema,
  /** Inline Markdown per locale, or `file: steps/01` for steps/01.zh-CN.md and steps/01.en.md. */
  body: z.union([localizedSchema, z.object({ file: z.string().min(1) }).strict()]),
  commands: z.array(shellLineSchema).default([]),
  questions: z.array(questionSchema).default([]),
  checks: z.array(checkSchema).min(1, 'a step needs at least one check'),
  hints: z.array(hintSchema).default([]),
  /** The reference solution: commands, then answers by question id. */
  solution: z.object({
    commands: z.array(shellLineSchema).default([]),
    answers: z.record(z.string(), z.union([z.string(), z.array(z.string())])).default({}),
  }).strict(),
  /** Shown once the step is done: why it is so. */
  explain: localizedSchema.optional(),
  /** Topology element ids to highlight while the step is open. */
  highlight: z.array(z.string()).default([]),
  /** Engine operations applied when the step opens (the cloud load balancer comes back...). */
  onOpen: z.array(faultSchema).default([]),
}).strict();
export type Step = z.infer<typeof stepSchema>;


/** A variable drawn from a seed: one of a list, or an integer in a range. */
export const variableSchema = z.union([
  z.object({ pick: z.array(z.union([z.string(), z.number()])).min(1) }).strict(),
  z.object({ range: z.tuple([z.number().int(), z.number().int()]) }).strict(),
]);

export const topologySchema = z.object({
  nodes: z.number().int().min(1).max(250).default(3),
  segments: z.number().int().min(1).max(16).default(1),
  cni: z.enum(['flannel:vxlan', 'flannel:udp', 'flannel:host-gw', 'calico:bgp', 'calico:ipip', 'calico:vxlan', 'bridge']).default('flannel:vxlan'),
  proxyMode: z.enum(['iptables', 'ipvs', 'userspace']).default('iptables'),
  workloads: z.enum(['default', 'none']).default('default'),
  /** Whether the window marks broken routes on the graph; off where finding the broken route is the exercise. */
  routeHealth: z.boolean().default(true),
}).strict();

export const manifestSchema = z.union([
  z.object({ file: z.string().min(1) }).strict(),
  z.object({ inline: z.string().min(1) }).strict(),
]);

export const labSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id like "pod-netns"'),
  title: localizedSchema,
  summary: localizedSchema,
  difficulty: z.enum(['beginner', 'intermediate', 'advanced']),
  minutes: z.number().int().min(1).max(600),
  tags: z.array(z.string()).default([]),
  /** Fixes the variant for everyone (otherwise each learner draws their own). */
  seed: z.number().int().min(0).optional(),
  topology: topologySchema.prefault({}),
  manifests: z.array(manifestSchema).default([]),
  faults: z.array(faultSchema).default([]),
  variables: z.record(z.string().regex(/^[A-Za-z_]\w*$/), variableSchema).default({}),
  /** Shells opened when the lab starts. */
  shells: z.array(targetRefSchema).default(['node-1']),
  steps: z.array(stepSchema).min(1).max(12),
  /** What was learned, and one thing to try next in the sandbox. */
  conclusion: z.object({ summary: localizedSchema, next: localizedSchema }).strict(),
}).strict();
export type Lab = z.infer<typeof labSchema>;
export type LabInput = z.input<typeof labSchema>;
