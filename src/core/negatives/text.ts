// Words of a caption: splitting into word and punctuation tokens, joining them back, and a word-level diff.

/** Words and punctuation as separate tokens ("a dog, running." → a | dog | , | running | .). */
export function tokenize(text: string): string[] {
  return text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu) ?? [];
}

/** Whether a space separates `token` from the text before it: not before closing punctuation, not after opening. */
export function spaceBefore(before: string, token: string): boolean {
  return before !== '' && !/^[.,!?;:)\]}%]$/.test(token) && !/[([{]$/.test(before);
}

/** Tokens back to text, spaced as written. */
export function detokenize(tokens: string[]): string {
  let out = '';
  for (const t of tokens) out += (spaceBefore(out, t) ? ' ' : '') + t;
  return out;
}

export interface WordDiff {
  /** Index of the first differing token in each text. */
  start: number;
  /** The differing span in the original and in the new text (empty for a pure insertion or deletion). */
  removed: string[];
  added: string[];
}

/** The single span where two token lists differ (common prefix and suffix stripped), or null if they are equal. */
export function spanDiff(a: string[], b: string[]): WordDiff | null {
  let s = 0;
  while (s < a.length && s < b.length && a[s].toLowerCase() === b[s].toLowerCase()) s++;
  if (s === a.length && s === b.length) return null;
  let ea = a.length;
  let eb = b.length;
  while (ea > s && eb > s && a[ea - 1].toLowerCase() === b[eb - 1].toLowerCase()) {
    ea--;
    eb--;
  }
  return { start: s, removed: a.slice(s, ea), added: b.slice(s, eb) };
}

/** Marks for display: which tokens of each side differ (longest common subsequence), for highlighting a diff. */
export function diffMarks(a: string[], b: string[]): { a: boolean[]; b: boolean[] } {
  const n = a.length;
  const m = b.length;
  const L = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) L[i][j] = a[i].toLowerCase() === b[j].toLowerCase() ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
  const ma = new Array<boolean>(n).fill(true);
  const mb = new Array<boolean>(m).fill(true);
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i].toLowerCase() === b[j].toLowerCase()) {
      ma[i++] = false;
      mb[j++] = false;
    } else if (L[i + 1][j] >= L[i][j + 1]) i++;
    else j++;
  }
  return { a: ma, b: mb };
}

/** Keep the case pattern of the word being replaced ("Red" → "Blue", "RED" → "BLUE"). */
export function matchCase(model: string, word: string): string {
  if (model.length > 1 && model === model.toUpperCase() && /\p{L}/u.test(model)) return word.toUpperCase();
  if (model[0] && model[0] === model[0].toUpperCase() && model[0] !== model[0].toLowerCase()) return word[0].toUpperCase() + word.slice(1);
  return word;
}

/**
 * The original text with its tokens changed to `after`, keeping every space and mark the change did not touch:
 * token by token when the count is the same, else the one differing span, spaced as `detokenize` would.
 */
export function withTokens(original: string, after: string[]): string {
  const spans = [...original.matchAll(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu)].map((m) => ({ text: m[0], at: m.index ?? 0 }));
  const before = spans.map((s) => s.text);
  if (before.length === after.length) {
    let out = original;
    for (let i = spans.length - 1; i >= 0; i--)
      if (after[i] !== before[i]) out = out.slice(0, spans[i].at) + after[i] + out.slice(spans[i].at + spans[i].text.length);
    return out;
  }
  const d = spanDiff(before, after);
  if (!d) return original;
  const from = d.start < spans.length ? spans[d.start].at : original.length;
  const last = d.start + d.removed.length - 1;
  const to = d.removed.length ? spans[last].at + spans[last].text.length : from;
  const prefix = original.slice(0, from);
  const suffix = original.slice(to);
  let middle = detokenize(d.added);
  const next = spans[d.start + d.removed.length]?.text;
  // An insertion needs a space after it (before the word that follows); a deletion must not leave two spaces.
  if (!d.removed.length && middle && next !== undefined && spaceBefore(middle, next)) middle += ' ';
  if (!middle) {
    const left = prefix.replace(/\s+$/, '');
    const right = suffix.replace(/^\s+/, '');
    return left && right && next !== undefined && spaceBefore(left, next) ? `${left} ${right}` : left + right;
  }
  const needsSpace = prefix !== '' && !/\s$/.test(prefix) && spaceBefore(prefix, d.added[0]);
  return prefix + (needsSpace ? ' ' : '') + middle + suffix;
}
