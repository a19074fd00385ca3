/**
 * Labs as the renderer sees them: the list, the open lab's state (steps, checks, hints,
 * questions, progress) and the request schemas of the lab:* channels. Plain data with no
 * engine imports, so the renderer can import this file as is.
 */
import { z } from 'zod';
import type { ShellTarget } from '../model/target';

/** Text in both course languages. */
export interface LocalizedText {
  'zh-CN': string;
  en: string;
}

/** One entry of the lab list; a lab folder that failed validation is listed with its problems. */
export interface LabListEntry {
  /** The lab id, or the folder name when lab.yaml could not be read. */
  id: string;
  /** Where it came from: `builtin:<id>` or the folder on disk. */
  source: string;
  builtIn: boolean;
  title?: LocalizedText;
  summary?: LocalizedText;
  difficulty?: 'beginner' | 'intermediate' | 'advanced';
  minutes?: number;
  tags?: string[];
  /** 0-100 from saved progress, when there is any. */
  percent?: number;
  /** `file:line:col: path: reason` lines when the folder is invalid. */
  errors?: string[];
}

export interface CheckView {
  id: string;
  message: LocalizedText;
  failMessage?: LocalizedText;
  /** undefined until first evaluated. */
  pass?: boolean;
}

export interface QuestionView {
  id: string;
  type: 'single' | 'multiple' | 'text' | 'predict';
  prompt: LocalizedText;
  choices?: string[];
  answer?: string | string[];
  correct?: boolean;
  /** What was right, shown after an answer. */
  expected?: string;
  explain?: LocalizedText;
}

/** A clickable command: paste `line` into the shell on `target`. */
export interface LabCommandView {
  target: ShellTarget;
  /** The reference as written (`node-2`, `pods/app=web@node-3`), for display. */
  label: string;
  line: string;
}

export interface StepView {
  id: string;
  index: number;
  title: LocalizedText;
  /** Markdown per locale; the panel renders and sanitises it. */
  body: LocalizedText;
  locked: boolean;
  done: boolean;
  commands: LabCommandView[];
  checks: CheckView[];
  /** Hints revealed so far, in order. */
  hints: LocalizedText[];
  hintsLeft: number;
  questions: QuestionView[];
  /** Shown once the step is done. */
  explain?: LocalizedText;
  highlight: string[];
  solutionShown: boolean;
}

/** The open lab, as the panel draws it. */
export interface LabStateView {
  labId: string;
  source: string;
  title: LocalizedText;
  summary: LocalizedText;
  steps: StepView[];
  /** Index of the step the learner is on. */
  current: number;
  percent: number;
  completed: boolean;
  conclusion: { summary: LocalizedText; next: LocalizedText };
  /** Shells the lab asks for, resolved now. */
  shells: LabCommandView[];
  canUndo: boolean;
  seed: number;
  /** Problems setting the lab up, or of a hot reload that failed (the old version stays open). */
  problems?: string[];
}

/** What lab:solution hands back: the commands to replay into terminals, in order. */
export interface LabSolutionView {
  commands: LabCommandView[];
  answers: Record<string, string | string[]>;
}

/** What lab:exportProgress returns. */
export interface LabProgressExport {
  /** The progress report, JSON text. */
  json: string;
  /** A readable summary for the instructor. */
  summary: string;
  /** Where it was written, when a path was given. */
  path?: string;
}

const labId = z.string().min(1).max(128);

/** Request schemas of the lab:* channels (merged into requestSchemas in contract.ts). */
export const labRequestSchemas = {
  'lab:list': z.object({}),
  'lab:open': z.object({ id: labId, seed: z.number().int().min(0).max(2 ** 31).optional() }),
  'lab:state': z.object({}),
  'lab:check': z.object({}),
  'lab:hint': z.object({ step: z.number().int().min(0).max(100) }),
  'lab:answer': z.object({ step: z.number().int().min(0).max(100), question: z.string().min(1).max(64), answer: z.union([z.string().max(1000), z.array(z.string().max(1000)).max(50)]) }),
  'lab:solution': z.object({ step: z.number().int().min(0).max(100), confirm: z.literal(true) }),
  'lab:undo': z.object({}),
  'lab:reset': z.object({ scope: z.enum(['step', 'lab']) }),
  'lab:import': z.object({ path: z.string().min(1).max(4096) }),
  'lab:exportProgress': z.object({ path: z.string().min(1).max(4096).optional() }),
  'lab:importProgress': z.object({ json: z.string().min(2).max(5_000_000) }),
  'lab:goto': z.object({ step: z.number().int().min(0).max(100) }),
  'lab:openLink': z.object({ url: z.string().url().max(2048) }),
} as const;

/** Response types of the lab:* channels. */
export interface LabResponseMap {
  'lab:list': LabListEntry[];
  'lab:open': LabStateView;
  'lab:state': LabStateView | null;
  'lab:check': LabStateView;
  'lab:hint': LabStateView;
  'lab:answer': LabStateView;
  'lab:solution': LabSolutionView;
  'lab:undo': LabStateView;
  'lab:reset': LabStateView;
  'lab:import': LabListEntry[];
  'lab:exportProgress': LabProgressExport;
  'lab:importProgress': LabListEntry[];
  'lab:goto': LabStateView;
  'lab:openLink': { opened: boolean };
}
