/**
 * Reading manifests: multi-document YAML (or JSON) with the `yaml` package, reporting
 * syntax errors the way kubectl does (its go-yaml wording and line numbers).
 */
import YAML from 'yaml';
import { KubectlError } from '../context';

/** One document of a file, as plain data. */
export interface ManifestDoc {
  source: string;
  data: Record<string, unknown>;
}

/** go-yaml's words for the `yaml` package's error codes, and how its line numbers differ. */
function goYamlError(code: string, line: number): string {
  switch (code) {
    case 'BAD_INDENT':
      return `yaml: line ${Math.max(1, line - 1)}: did not find expected key`;
    case 'MISSING_CHAR':
      return `yaml: line ${line}: found unexpected end of stream`;
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return `yaml: line ${line + 1}: mapping values are not allowed in this context`;
    case 'DUPLICATE_KEY':
      return `yaml: unmarshal errors:\n  line ${line}: key already set in map`;
    default:
      return `yaml: line ${line}: did not find expected node content`;
  }
}

/** Parses every document of a file; empty documents are skipped, as kubectl skips them. */
export function parseManifests(text: string, source: string): ManifestDoc[] {
  const docs = YAML.parseAllDocuments(text, { schema: 'core', uniqueKeys: true });
  const out: ManifestDoc[] = [];
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    const e = d.errors[0];
    if (e) {
      throw new KubectlError(`error: error parsing ${source}: error converting YAML to JSON: ${goYamlError(e.code, e.linePos?.[0].line ?? 1)}`);
    }
    const js: unknown = d.toJS({ maxAliasCount: 100 });
    if (js === null || js === undefined) continue;
    if (typeof js !== 'object' || Array.isArray(js)) {
      throw new KubectlError(`error: error parsing ${source}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(js) ? 'array' : typeof js === 'string' ? 'string' : 'number'} into Go value of type map[string]interface {}`);
    }
    const obj = js as Record<string, unknown>;
    // A `kind: List` manifest carries its objects in items.
    if (obj.kind === 'List' && Array.isArray(obj.items)) {
      for (const it of obj.items) if (it && typeof it === 'object') out.push({ source, data: it as Record<string, unknown> });
    } else out.push({ source, data: obj });
  }
  return out;
}
