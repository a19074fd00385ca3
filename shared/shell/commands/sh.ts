/** `sh [-c STRING | FILE]`: the same child shell as bash (the lab's shell speaks one dialect). */
import type { Command } from '../command';
import { childShellJob, runChildShell } from './bash';

export const sh: Command = {
  name: 'sh',
  summary: 'command interpreter (a child shell on this host)',
  run: (ctx) => runChildShell(ctx, 'sh'),
  job: (ctx) => childShellJob(ctx, 'sh'),
};
