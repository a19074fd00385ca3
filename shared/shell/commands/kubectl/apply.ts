/**
 * `kubectl apply -f FILE|DIR|-`: create or merge each object (`created` / `configured` /
 * `unchanged`). Objects are written one by one as kubectl does; a failing object prints
 * its error, leaves the store as it was, and makes the exit status 1.
 */
import { KubectlError, type Verb } from './context';
import { dryRunSuffix, readManifests } from './manifest/files';
import { prepare, writeObject } from './manifest/write';
import { objectName, parseOutput, printObjects } from './output';
import type { KubeObject } from '../../../model/objects';

/** `kubectl apply`. */
export const apply: Verb = {
  name: 'apply',
  summary: 'Apply a configuration to a resource by file name or stdin',
  usage: 'kubectl apply (-f FILENAME | -k DIRECTORY) [options]',
  flags: [
    { name: 'filename', short: 'f', type: 'strings' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'dry-run', type: 'string', noOptDefault: 'unchanged' },
    { name: 'validate', type: 'string', noOptDefault: 'true' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'server-side', type: 'bool' },
    { name: 'force', type: 'bool' },
  ],
  run(k) {
    if (!k.args.lists.get('filename')?.length) {
      throw new KubectlError(`error: must specify one of -f and -k`);
    }
    const fmt = parseOutput(k.args.strings.get('output'), false);
    const suffix = dryRunSuffix(k);
    const docs = readManifests(k);
    if (docs.length === 0) throw new KubectlError('error: no objects passed to apply');
    let code = 0;
    const written: KubeObject[] = [];
    for (const doc of docs) {
      try {
        const p = prepare(k, doc, 'creating');
        const { obj, result } = writeObject(k, p, 'apply', suffix !== undefined);
        if (fmt.kind === 'table') k.ctx.out(`${objectName(obj)} ${result}${suffix ?? ''}\n`);
        else written.push(obj);
      } catch (e) {
        if (!(e instanceof KubectlError)) throw e;
        k.ctx.err(`${e.message}\n`);
        code = 1;
      }
    }
    if (written.length) k.ctx.out(printObjects(written, fmt, written.length === 1));
    return code;
  },
};
