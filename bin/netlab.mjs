#!/usr/bin/env node
// The `netlab` command. Needs no build step: tsx's ESM loader compiles electron/cli.ts
// (and the shared/ code it imports) on the fly, so it works right after `npm ci`.
import { register } from 'tsx/esm/api';

register();

// A reader that went away (`netlab shell ... | head -1`) ends us quietly, as SIGPIPE would.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(141);
    throw e;
  });
}
const { main } = await import('../electron/cli.ts');

const io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  readAll: async () => {
    const chunks = [];
    for await (const c of process.stdin) chunks.push(c);
    return Buffer.concat(chunks).toString('utf8');
  },
  tty: { stdin: process.stdin, stdout: process.stdout },
};

let code;
try {
  code = await main(process.argv.slice(2), io);
} catch (e) {
  process.stderr.write(`netlab: internal error: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  code = 70;
}
// Let stdout drain (a pipe may be slow) before leaving with the status.
process.exitCode = code;
if (process.stdout.writableNeedDrain) process.stdout.once('drain', () => process.exit(code));
else process.exit(code);
