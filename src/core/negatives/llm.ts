// Compositional negatives from a language model: one few-shot prompt per type asking for structured output, and a
// validator that accepts an answer only if it makes exactly the asked type of change — different from the original,
// not a paraphrase, fluent. A failed validation is a failed attempt with a readable reason.

import { ProviderError } from '../retry.ts';
import { COLOR_WORDS, relationSpans, singularize, type CompositionalType } from './rules.ts';
import { spanDiff, tokenize } from './text.ts';

export const REWRITE_PROMPT_VERSION = 1;

const TASK: Record<CompositionalType, { ask: string; example: [string, string, string, string] }> = {
  color: {
    ask: 'Change exactly one colour word to a different colour.',
    example: ['A red bus next to a white building.', 'red', 'blue', 'A blue bus next to a white building.'],
  },
  count: {
    ask: 'Change exactly one number (or "a"/"an" counting one thing) to a different number, keeping the grammar right.',
    example: ['Two dogs running on the grass.', 'Two dogs', 'Three dogs', 'Three dogs running on the grass.'],
  },
  position: {
    ask: 'Change exactly one spatial relation (left/right, above/below, on/under, in front of/behind, inside/outside, near/far) to a different one.',
    example: ['A cat sitting on a laptop.', 'on', 'under', 'A cat sitting under a laptop.'],
  },
  verb: {
    ask: 'Change exactly one verb or action to a different plausible action.',
    example: ['A man riding a horse on the beach.', 'riding', 'leading', 'A man leading a horse on the beach.'],
  },
  negation: {
    ask: 'Add a negation (not, no, without) if the sentence has none, or remove the one it has.',
    example: ['A woman holding an umbrella.', 'holding', 'not holding', 'A woman not holding an umbrella.'],
  },
  swap: {
    ask: 'Exchange two objects or two attributes of different objects, keeping every other word.',
    example: ['A red cup next to a blue plate.', 'red … blue', 'blue … red', 'A blue cup next to a red plate.'],
  },
};

/** The prompt for one rewrite: the task, the requirements, one worked example, and the caption. */
export function rewritePrompt(type: CompositionalType, caption: string): string {
  const t = TASK[type];
  return [
    `You write hard negative captions for training an image-text model. Task: ${t.ask}`,
    'Requirements: the new sentence describes a different scene; it changes only that one thing; it is fluent, grammatical and plausible; it is not a paraphrase.',
    'Answer with JSON only, no other text: {"possible": true or false, "changed_from": "...", "changed_to": "...", "sentence": "..."}. If the change is not possible for this caption, answer {"possible": false}.',
    `Example. Caption: "${t.example[0]}" Answer: {"possible": true, "changed_from": "${t.example[1]}", "changed_to": "${t.example[2]}", "sentence": "${t.example[3]}"}`,
    `Caption: "${caption}" Answer:`,
  ].join('\n');
}

export interface ParsedRewrite {
  possible: boolean;
  from?: string;
  to?: string;
  sentence?: string;
}

/** Read the model's answer: JSON, possibly inside a code fence. Anything else is a retryable failure. */
export function parseRewrite(raw: string): ParsedRewrite {
  const m = /\{[\s\S]*\}/.exec(raw);
  if (!m) throw new ProviderError(`the model did not answer with JSON: ${raw.slice(0, 80)}`, true);
  let obj: Record<string, unknown>;
  try {
    obj = JSON.parse(m[0]);
  } catch {
    throw new ProviderError(`the model's JSON does not parse: ${m[0].slice(0, 80)}`, true);
  }
  if (obj.possible === false) return { possible: false };
  if (typeof obj.sentence !== 'string') throw new ProviderError('the model\'s answer has no "sentence"', true);
  return {
    possible: true,
    from: typeof obj.changed_from === 'string' ? obj.changed_from : undefined,
    to: typeof obj.changed_to === 'string' ? obj.changed_to : undefined,
    sentence: obj.sentence.trim(),
  };
}

const NEGATION = /\b(not|no|without|nobody|nothing|none|never)\b|n['’]t\b/gi;
const NUMBER = /^(a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|no|\d+)$/i;
const norm = (s: string) =>
  tokenize(s)
    .filter((t) => /[\p{L}\p{N}]/u.test(t))
    .map((t) => t.toLowerCase());

/** Check that `sentence` is a valid negative of `type` for `original`; the reason if not. */
export function rewriteProblem(original: string, type: CompositionalType, sentence: string): string | null {
  const a = norm(original);
  const b = norm(sentence);
  if (!b.length) return 'the rewrite is empty';
  if (/\n/.test(sentence)) return 'the rewrite has several lines';
  if (a.join(' ') === b.join(' ')) return 'the rewrite is identical to the caption';
  if (b.length < a.length * 0.6 || b.length > a.length * 1.6 + 2) return `the rewrite is ${b.length} words long against ${a.length}: more than one change`;
  for (let i = 1; i < b.length; i++) if (b[i] === b[i - 1] && !['very', 'ha'].includes(b[i])) return `"${b[i]} ${b[i]}" is repeated: not fluent`;
  if (type === 'swap') {
    const bag = (w: string[]) =>
      w
        .map(singularize)
        .filter((x) => x !== 'a' && x !== 'an')
        .sort()
        .join(' ');
    return bag(a) === bag(b) ? null : 'a swap must keep every word and only exchange two';
  }
  const d = spanDiff(a, b)!;
  if (d.removed.length > 4 || d.added.length > 4)
    return `the rewrite changes ${Math.max(d.removed.length, d.added.length)} words in a row: a paraphrase, not one change`;
  // A second difference after the first span would show as a longer span; one span of at most four words remains.
  const changed = [...d.removed, ...d.added];
  const has = (test: (w: string) => boolean) => changed.some(test);
  switch (type) {
    case 'color':
      return has((w) => COLOR_WORDS.includes(w)) ? null : 'no colour word changed';
    case 'count':
      return has((w) => NUMBER.test(w)) ? null : 'no number changed';
    case 'position':
      return relationSpans(tokenize(original)).length || relationSpans(tokenize(sentence)).length
        ? d.removed.length && d.added.length
          ? null
          : 'no relation was replaced'
        : 'no spatial relation in the caption or the rewrite';
    case 'negation': {
      const na = (original.match(NEGATION) ?? []).length;
      const nb = (sentence.match(NEGATION) ?? []).length;
      return na !== nb ? null : 'no negation was added or removed';
    }
    case 'verb':
      return d.removed.length && d.added.length && !has((w) => COLOR_WORDS.includes(w) || NUMBER.test(w))
        ? null
        : 'no verb was replaced (or a colour or number changed instead)';
  }
}

/** Validate a parsed answer; throws ProviderError (retryable: the model may do better next time). */
export function validateRewrite(original: string, type: CompositionalType, parsed: ParsedRewrite): string {
  if (!parsed.possible) throw new ProviderError(`the model says no ${type} change is possible for this caption`, false);
  const problem = rewriteProblem(original, type, parsed.sentence!);
  if (problem) throw new ProviderError(`${type} rewrite rejected: ${problem} ("${parsed.sentence!.slice(0, 80)}")`, true);
  return parsed.sentence!;
}
