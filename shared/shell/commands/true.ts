/** `true`: does nothing, successfully. */
import type { Command } from '../command';

export const trueCommand: Command = {
  name: 'true',
  summary: 'do nothing, successfully',
  run: () => 0,
};
