/** Where a shell (or a packet's socket) lives: a node, a pod container, or the external host. */
export type ShellTarget =
  | { kind: 'node'; name: string }
  | { kind: 'pod'; namespace: string; name: string; container?: string }
  | { kind: 'external' };

export function targetLabel(t: ShellTarget): string {
  if (t.kind === 'node') return t.name;
  if (t.kind === 'external') return 'external';
  return t.container ? `${t.name}/${t.container}` : t.name;
}
