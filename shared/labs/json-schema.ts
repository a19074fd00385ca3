/**
 * The JSON Schema of lab.yaml, generated from the zod schema (zod 4's toJSONSchema) and
 * shipped as labs/lab.schema.json so editors can validate and complete lab files. A test
 * fails when the shipped file is out of date; `netlab lab schema --write` regenerates it.
 */
import { z } from 'zod';
import { labSchema } from './schema';

/** The schema as pretty JSON text, exactly as shipped. */
export function labJsonSchemaText(): string {
  const schema = z.toJSONSchema(labSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const doc = {
    $schema: schema.$schema,
    $id: 'https://k8s-netlab.invalid/lab.schema.json',
    title: 'K8s NetLab lab.yaml',
    description: 'A guided lab: topology, manifests, faults, variables, and steps with checks, hints and a reference solution. See labs/README.md.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
