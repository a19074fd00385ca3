/**
 * Turns a session config (what the window's "new cluster" dialog, a lab or the CLI flags ask
 * for) into a ClusterSpec and an EngineEnv. Shared by LabHost and `netlab shell`, so both
 * reject the same bad input with the same words.
 */
import { z } from 'zod';
import { sessionConfigSchema } from '../../shared/api/contract';
import { createEnv, type EngineEnv } from '../../shared/model/env';
import { cniName, defaultClusterSpec, parseCni, type ClusterSpec } from '../../shared/model/spec';

export type SessionConfig = z.infer<typeof sessionConfigSchema>;

/** The seed a session uses when none is given. */
export const DEFAULT_SEED = 1;

export interface ResolvedSession {
  spec: ClusterSpec;
  env: EngineEnv;
  seed: number;
  /** `flannel:vxlan`-style name of the CNI in use. */
  cni: string;
}

/** Builds spec and env; returns the reason in words for anything the model refuses. */
export function resolveSession(config: SessionConfig): ResolvedSession | { error: string } {
  const checked = sessionConfigSchema.safeParse(config);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { error: `${issue?.path.join('.') || 'config'}: ${issue?.message ?? 'invalid'}` };
  }
  const c = checked.data;
  let cni: ClusterSpec['cni'] | undefined;
  if (c.cni !== undefined) {
    const parsed = parseCni(c.cni);
    if ('error' in parsed) return { error: parsed.error };
    cni = parsed;
  }
  let spec: ClusterSpec;
  try {
    spec = defaultClusterSpec({ nodes: c.nodes, segments: c.segments, cni, proxyMode: c.proxyMode, workloads: c.workloads });
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  const seed = c.seed ?? DEFAULT_SEED;
  return { spec, env: createEnv(seed), seed, cni: cniName(spec.cni) };
}
