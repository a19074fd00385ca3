/** `false`: does nothing, unsuccessfully. */
import type { Command } from '../command';

export const falseCommand: Command = {
  name: 'false',
  summary: 'do nothing, unsuccessfully',
  run: () => 1,
};
