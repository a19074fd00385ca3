/**
 * Names of the real network namespaces the harness creates. Everything it makes starts
 * with `nlc-`, so a later run can find and remove what a crashed run left behind.
 */
export const PREFIX = 'nlc-';

/** The real netns for a simulated namespace id (`node/node-1` → `nlc-node-1`). */
export function realNetns(simId: string): string {
  const short = simId.replace(/^node\//, '').replace(/^pod\//, 'p.').replace(/\//g, '.');
  return `${PREFIX}${short}`;
}

/** The namespace holding the bridge that plays one underlay segment's switch. */
export function switchNetns(segment: string): string {
  return `${PREFIX}sw.${segment}`;
}
