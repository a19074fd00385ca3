/**
 * The one table of shell commands (CONVENTIONS 5). Each command lives in its own file in
 * this folder (kubectl's verbs under kubectl/); add it here and nowhere else.
 * Keep the list sorted by name within each group.
 */
import type { Command } from '../command';
import { kubectl } from './kubectl';

export const commands: Command[] = [
  // shell builtins and text tools

  // network: iproute2, ping, traceroute, tcpdump

  // services: iptables, ipvsadm, ipset, conntrack, curl

  // kubernetes: kubectl, calicoctl, DNS tools
  kubectl,
];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}
