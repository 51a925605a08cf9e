// The rule rewriter on a corpus of real-style captions: for every type that applies, exactly one change of that type,
// at a word the corpus marks; for every type that does not, nothing.

import { describe, expect, it } from 'vitest';
import { corpusCases } from './rules.corpus.ts';
import { COLOR_WORDS, pluralize, rewriteCaption, singularize, type CompositionalType } from './rules.ts';
import { spanDiff, tokenize } from './text.ts';

const cases = corpusCases();
const low = (s: string) => s.toLowerCase();
const SEEDS = [1, 2, 3, 4];

/** Content words, singular, without articles: a swap keeps them (as a multiset), whatever else agrees. */
const bag = (text: string) =>
  tokenize(text)
    .map((t) => singularize(low(t)))
    .filter((t) => !['a', 'an', '.', ','].includes(t))
    .sort()
    .join(' ');

describe('rule rewriter on the caption corpus', () => {
  it('has at least 200 captions, covering every type', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    for (const k of ['c', 'n', 'p', 'v', 'x'] as const) expect(cases.filter((c) => c.marks[k].length).length, k).toBeGreaterThan(5);
    expect(cases.filter((c) => c.swap).length).toBeGreaterThan(40);
  });

  const single: [CompositionalType, 'c' | 'n' | 'p' | 'v'][] = [
    ['color', 'c'],
    ['count', 'n'],
    ['position', 'p'],
    ['verb', 'v'],
  ];
  for (const [type, mark] of single)
    it(`${type}: one change, at a marked word, where the caption has one; none elsewhere`, () => {
      const problems: string[] = [];
      for (const c of cases)
        for (const seed of SEEDS) {
          const r = rewriteCaption(c.text, type, seed);
          if (!c.marks[mark].length) {
            if (r) problems.push(`${c.text} → ${r.text} (expected no ${type} change)`);
            continue;
          }
          if (!r) {
            problems.push(`${c.text}: no ${type} change (expected one of ${c.marks[mark].join(', ')})`);
            continue;
          }
          const fromWord = type === 'count' ? r.from.split(' ')[0] : r.from;
          if (!c.marks[mark].map(low).includes(low(fromWord))) problems.push(`${c.text} → ${r.text}: changed "${r.from}", not a marked ${type}`);
          const d = spanDiff(tokenize(c.text), tokenize(r.text));
          // One contiguous change; a count may also fix the noun's plural and the verb after it.
          if (!d || d.removed.length > 6 || d.added.length > 6) problems.push(`${c.text} → ${r.text}: not a single small change`);
          if (type === 'color' && (!COLOR_WORDS.includes(low(r.to)) || low(r.to) === low(r.from))) problems.push(`${c.text} → ${r.text}: not a colour change`);
        }
      expect(problems).toEqual([]);
    });

  it('negation: removes the negation a caption has, or adds one', () => {
    const problems: string[] = [];
    for (const c of cases) {
      const r = rewriteCaption(c.text, 'negation', 1);
      if (!r) {
        problems.push(`${c.text}: no negation change`);
        continue;
      }
      const had = c.marks.x.length > 0 || /\b(no|nobody)\b/i.test(c.text);
      const negWords = /\b(not|no|without|nobody|nothing|none)\b/i;
      if (had && negWords.test(r.to)) problems.push(`${c.text} → ${r.text}: the negation should go`);
      if (!had && !negWords.test(r.to)) problems.push(`${c.text} → ${r.text}: a negation should be added`);
      const d = spanDiff(tokenize(c.text), tokenize(r.text));
      if (!d || d.removed.length > 2 || d.added.length > 2) problems.push(`${c.text} → ${r.text}: more than a negation changed`);
    }
    expect(problems).toEqual([]);
  });

  it('swap: exchanges two attributes or two objects where the caption has them, keeping every word', () => {
    const problems: string[] = [];
    for (const c of cases)
      for (const seed of SEEDS) {
        const r = rewriteCaption(c.text, 'swap', seed);
        if (!c.swap) {
          if (r) problems.push(`${c.text} → ${r.text} (expected no swap)`);
          continue;
        }
        if (!r) problems.push(`${c.text}: no swap`);
        else if (bag(r.text) !== bag(c.text)) problems.push(`${c.text} → ${r.text}: words were not just exchanged`);
      }
    expect(problems).toEqual([]);
  });

  it('gives the same rewrite for the same seed, and different choices across seeds', () => {
    const text = 'A red car parked next to a blue truck and a green bus.';
    expect(rewriteCaption(text, 'color', 7)).toEqual(rewriteCaption(text, 'color', 7));
    const outs = new Set(Array.from({ length: 20 }, (_, s) => rewriteCaption(text, 'color', s)!.text));
    expect(outs.size).toBeGreaterThan(3);
  });

  it('keeps agreement: plural nouns and verbs after a count change, articles after a swap, the case of the first word', () => {
    expect(rewriteCaption('A dog is running on the grass.', 'count', 1)!.text).toMatch(/^(Two|Three) dogs are running on the grass\.$/);
    expect(rewriteCaption('a man riding a horse', 'count', 3)!.text).toMatch(/^(two|three) men riding a horse$|^a man riding (two|three) horses$/);
    expect(rewriteCaption('An apple on a table', 'swap', 1)!.text).toBe('A table on an apple');
    expect(rewriteCaption('Red apples', 'color', 1)!.text).toMatch(/^[A-Z][a-z]+ apples$/);
    expect(pluralize('child')).toBe('children');
    expect(pluralize('box')).toBe('boxes');
    expect(pluralize('puppy')).toBe('puppies');
    expect(singularize('women')).toBe('woman');
  });
});
