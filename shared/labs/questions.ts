/**
 * Grading questions: choices, short answers (case and spacing do not matter), and
 * predictions, which the walk itself grades — the learner says where the packet will go,
 * the walker carries it, and the fact read off the walk is the right answer.
 */
import type { Question } from './schema';
import type { LabWorld } from './world';
import { fillLive, runWalkSpec, walkFact } from './walks';

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Grades one answer. `expected` says what was right (shown after a wrong answer). */
export function gradeQuestion(q: Question, answer: string | string[], world: LabWorld): { correct: boolean; expected?: string } {
  const given = Array.isArray(answer) ? answer : [answer];
  switch (q.type) {
    case 'single':
    case 'text': {
      // Accepted answers may name live state (`{{mac:node-3 flannel.1}}`): each variant has its own.
      const accepted = (q.answers ?? []).map((a) => fillLive(a, world));
      const ok = given.length === 1 && accepted.some((a) => norm(a) === norm(given[0]!));
      return { correct: ok, expected: q.type === 'single' ? accepted[0] : undefined };
    }
    case 'multiple': {
      const want = new Set((q.answers ?? []).map(norm));
      const got = new Set(given.map(norm));
      const ok = want.size === got.size && [...want].every((a) => got.has(a));
      return { correct: ok, expected: (q.answers ?? []).join(', ') };
    }
    case 'predict': {
      if (!q.walk || !q.about) return { correct: false };
      const rec = runWalkSpec(world, q.walk);
      const fact = walkFact(world, rec, q.about) ?? '(none)';
      return { correct: given.length === 1 && norm(given[0]!) === norm(fact), expected: fact };
    }
  }
}
