/**
 * What the window asks the engine about its state, beyond the topology: the mode diff a
 * CNI / kube-proxy switch caused (`session:diff`) and the lines of kernel state that
 * mention an element (`topology:mentions`). Both carry text exactly as the real tools
 * print it, so the learner sees what they would see in a shell.
 */

/** The sections of a machine the mode diff compares, each the output of one command. */
export type ModeDiffSectionName = 'route' | 'link' | 'nat' | 'ipvs';

/** One unified-diff hunk: `@@ -oldStart,oldLines +newStart,newLines @@` and its lines. */
export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Each line starts with '+', '-' or ' ' (context), as in `diff -u`. */
  lines: string[];
}

/** One command's output before and after, as unified hunks. */
export interface ModeDiffSection {
  section: ModeDiffSectionName;
  /** The command line whose output is compared (`ip route`). */
  command: string;
  added: number;
  removed: number;
  hunks: DiffHunk[];
  /** Lines left out of `hunks` to keep a large cluster's answer small (0 when complete). */
  truncated: number;
  /**
   * The outputs differ too much to align line by line: one hunk lists the removed lines,
   * then the added ones, without context (counts stay exact).
   */
  coarse?: boolean;
}

/** One machine's sections, in the order of ModeDiffSectionName. */
export interface MachineModeDiff {
  machine: string;
  sections: ModeDiffSection[];
  /** false when the hunks were left out of this answer (counts are always there): ask for this machine. */
  complete?: boolean;
}

/** What the last switch of CNI or kube-proxy mode changed, per node. */
export interface ModeDiff {
  from: { cni: string; proxyMode: string };
  to: { cni: string; proxyMode: string };
  machines: MachineModeDiff[];
  /** Nodes beyond the capture cap, not compared. */
  skipped: number;
}

/** The kinds of state a mention is found in. */
export type MentionSection = 'route' | 'neigh' | 'fdb' | 'nat' | 'filter' | 'ipvs';

/**
 * Lines of one section that mention an element, found on one or more machines with the
 * same lines (a Service's KUBE-SERVICES rule is alike on every node: listed once).
 */
export interface Mention {
  section: MentionSection;
  /** The command that prints these lines (`iptables -t nat -S`). */
  command: string;
  machines: string[];
  lines: string[];
  /** Matching lines left out after the cap. */
  more: number;
}

/** The answer of `topology:mentions` for one element. */
export interface Mentions {
  id: string;
  /** By section (route, neigh, fdb, nat, filter, ipvs), then by machine group. */
  mentions: Mention[];
  /** Machine groups with lines of their own left out after the per-section cap. */
  omitted: number;
}
