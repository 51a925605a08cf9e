// The rule-based rewriter for compositional negatives (T'_C): one controlled change of one type — colour, count,
// biome-ignore-all format: the lexicons are word lists, kept one list per line so that they read as lists
// position, verb, negation — or a swap of two attributes or two objects (Winoground style). It works offline on
// ordinary English captions from lexicons, not only on the synthetic language. Seeded: which word changes and to what.

import { pick, random } from '../random.ts';
import { detokenize, matchCase, tokenize, withTokens } from './text.ts';

export const COMPOSITIONAL_TYPES = ['color', 'count', 'position', 'verb', 'negation', 'swap'] as const;
export type CompositionalType = (typeof COMPOSITIONAL_TYPES)[number];

export interface Rewrite {
  text: string;
  /** The words that changed, as they read before and after ("red" → "blue"; "a dog" ↔ "a cat" for swaps). */
  from: string;
  to: string;
}

export const COLOR_WORDS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple', 'pink', 'brown', 'black', 'white', 'gray', 'grey', 'silver', 'gold', 'beige', 'tan', 'navy', 'teal', 'maroon', 'violet'];
const COLOR_TARGETS = ['red', 'orange', 'yellow', 'green', 'blue', 'purple', 'pink', 'brown', 'black', 'white', 'gray'];
/** Words after which a colour word is not an adjective ("an orange on a plate"). */
const NOT_AFTER_COLOR = new Set(['on', 'in', 'at', 'of', 'with', 'and', 'or', 'is', 'are', 'was', 'were', 'to', 'by', 'for', 'from', 'next', 'near', 'under', 'above', 'below', 'behind', 'beside', 'the', 'a', 'an', 'sitting', 'lying', 'on']);
const COPULAS = new Set(['is', 'are', 'was', 'were', 'looks', 'look']);

const NUMBERS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];

export const ADJECTIVES = new Set([
  ...COLOR_WORDS,
  ...['small', 'large', 'big', 'little', 'tiny', 'huge', 'giant', 'tall', 'short', 'long', 'old', 'young', 'new', 'wooden', 'dark', 'light', 'bright', 'empty', 'full', 'open', 'closed', 'wet', 'dry', 'hot', 'cold', 'fresh', 'busy', 'quiet', 'clean', 'dirty', 'striped', 'spotted', 'fluffy', 'furry', 'cute', 'happy', 'sad', 'smiling', 'young', 'elderly', 'colorful', 'colourful', 'shiny', 'round', 'square', 'sliced', 'grilled', 'stuffed', 'single', 'double', 'parked', 'few', 'several', 'many', 'other'],
]);

const IRREGULAR: Record<string, string> = { man: 'men', woman: 'women', child: 'children', person: 'people', foot: 'feet', tooth: 'teeth', mouse: 'mice', goose: 'geese', sheep: 'sheep', fish: 'fish', deer: 'deer', ox: 'oxen', knife: 'knives', leaf: 'leaves', wife: 'wives', shelf: 'shelves', loaf: 'loaves', wolf: 'wolves', calf: 'calves', half: 'halves', life: 'lives', bus: 'buses', glass: 'glasses', cactus: 'cacti', die: 'dice', series: 'series', species: 'species', giraffe: 'giraffes', skis: 'skis' };
const SINGULAR: Record<string, string> = Object.fromEntries(Object.entries(IRREGULAR).map(([s, p]) => [p, s]));

export function pluralize(noun: string): string {
  const w = noun.toLowerCase();
  if (IRREGULAR[w]) return matchCase(noun, IRREGULAR[w]);
  if (/(s|x|z|ch|sh)$/.test(w)) return `${noun}es`;
  if (/[^aeiou]y$/.test(w)) return `${noun.slice(0, -1)}ies`;
  if (/[^aeiou]o$/.test(w) && ['potato', 'tomato', 'hero'].includes(w)) return `${noun}es`;
  return `${noun}s`;
}

/** Singular nouns that end in s. */
const SINGULAR_S = new Set(['bus', 'gas', 'lens', 'canvas', 'cactus', 'iris', 'virus', 'atlas', 'news', 'series', 'species', 'chaos', 'bonus', 'walrus', 'octopus', 'hippopotamus', 'tennis', 'pants', 'jeans', 'scissors', 'glasses', 'stairs', 'clothes', 'dishes', 'christmas']);

export function singularize(noun: string): string {
  const w = noun.toLowerCase();
  if (SINGULAR[w]) return matchCase(noun, SINGULAR[w]);
  if (SINGULAR_S.has(w)) return noun;
  if (/ies$/.test(w)) return `${noun.slice(0, -3)}y`;
  if (/(sses|xes|zes|ches|shes|oes)$/.test(w)) return noun.slice(0, -2);
  if (/s$/.test(w) && !/ss$/.test(w)) return noun.slice(0, -1);
  return noun;
}

const isWord = (t: string | undefined) => !!t && /[\p{L}\p{N}]/u.test(t);
const lower = (t: string | undefined) => (t ?? '').toLowerCase();

/** Indices of the colour words used as adjectives (or after a copula: "the car is red"). */
export function colorIndices(tokens: string[]): number[] {
  const out: number[] = [];
  tokens.forEach((t, i) => {
    if (!COLOR_WORDS.includes(lower(t))) return;
    const next = lower(tokens[i + 1]);
    const prev = lower(tokens[i - 1]);
    const adjectival = isWord(tokens[i + 1]) && !NOT_AFTER_COLOR.has(next);
    const predicative = COPULAS.has(prev) || (prev === 'and' && COLOR_WORDS.includes(lower(tokens[i - 2])));
    const paired = next === 'and' && COLOR_WORDS.includes(lower(tokens[i + 2])); // "black and white"
    if (adjectival || predicative || paired) out.push(i);
  });
  return out;
}

function color(tokens: string[], r: () => number): Rewrite | null {
  const at = colorIndices(tokens);
  if (!at.length) return null;
  const i = pick(r, at);
  const old = lower(tokens[i]);
  const present = new Set(tokens.map(lower));
  const same = old === 'grey' ? 'gray' : old;
  const choices = COLOR_TARGETS.filter((c) => c !== same && !present.has(c));
  const to = matchCase(tokens[i], pick(r, choices.length ? choices : COLOR_TARGETS.filter((c) => c !== same)));
  const out = tokens.slice();
  out[i] = to;
  return { text: detokenize(out), from: tokens[i], to };
}

/** Words that end a noun phrase: prepositions, conjunctions, copulas, determiners, verbs. */
const STOP = new Set(['on', 'in', 'at', 'of', 'with', 'without', 'and', 'or', 'but', 'is', 'are', 'was', 'were', 'has', 'have', 'to', 'by', 'for', 'from', 'into', 'onto', 'near', 'under', 'over', 'above', 'below', 'behind', 'beside', 'beneath', 'underneath', 'inside', 'outside', 'next', 'between', 'across', 'along', 'against', 'around', 'through', 'down', 'up', 'left', 'right', 'that', 'which', 'who', 'while', 'the', 'a', 'an', 'no', 'not', 'some', 'his', 'her', 'their', 'its', 'this', 'these', 'those', 'far', 'close', 'there', 'as', 'towards', 'toward', 'away', 'out', 'off']);
const isStop = (t: string) => STOP.has(lower(t)) || /ing$/.test(lower(t)) || VERBS.has(lower(t));

/** The head noun of a noun phrase starting after index `i`: the last word before the phrase ends ("a tennis player"). */
function headAfter(tokens: string[], i: number): number {
  let head = -1;
  for (let k = i + 1; k < Math.min(tokens.length, i + 6); k++) {
    // "a black and white cat": "and" between two adjectives stays inside the phrase.
    if (lower(tokens[k]) === 'and' && ADJECTIVES.has(lower(tokens[k - 1])) && ADJECTIVES.has(lower(tokens[k + 1] ?? ''))) continue;
    if (!isWord(tokens[k]) || isStop(tokens[k]) || NUMBERS.includes(lower(tokens[k]))) break;
    head = k;
  }
  if (head < 0 || ADJECTIVES.has(lower(tokens[head])) && !['square', 'orange'].includes(lower(tokens[head])) || /['’]/.test(tokens[head])) return -1;
  return head;
}

const PLURAL_VERB: Record<string, string> = { is: 'are', was: 'were', has: 'have', "isn't": "aren't", "wasn't": "weren't" };

function count(tokens: string[], r: () => number): Rewrite | null {
  // Explicit numbers first (words or digits); then an article that counts one ("a dog" → "two dogs").
  const numbers: number[] = [];
  const articles: number[] = [];
  tokens.forEach((t, i) => {
    const w = lower(t);
    if ((NUMBERS.includes(w) && w !== 'zero') || (/^\d{1,3}$/.test(w) && Number(w) > 0 && headAfter(tokens, i) > 0)) numbers.push(i);
    else if ((w === 'a' || w === 'an') && headAfter(tokens, i) > 0 && !['few', 'lot', 'couple', 'pair', 'group', 'bunch', 'piece', 'slice', 'view', 'close'].includes(lower(tokens[i + 1]))) articles.push(i);
  });
  const at = numbers.length ? numbers : articles;
  if (!at.length) return null;
  const i = pick(r, at);
  const w = lower(tokens[i]);
  const n = w === 'a' || w === 'an' ? 1 : NUMBERS.includes(w) ? NUMBERS.indexOf(w) : Number(w);
  const head = headAfter(tokens, i);
  if (head < 0) return null;
  const options = n === 1 ? [2, 3] : n === 2 ? [3, 4] : [n - 1, n + 1];
  const m = pick(r, options);
  const out = tokens.slice();
  const asWord = /^\d+$/.test(w) ? String(m) : NUMBERS[m] ?? String(m);
  out[i] = matchCase(tokens[i], asWord);
  if (n === 1) {
    out[head] = pluralize(tokens[head]);
    const verb = lower(tokens[head + 1]);
    if (PLURAL_VERB[verb]) out[head + 1] = matchCase(tokens[head + 1], PLURAL_VERB[verb]);
  }
  return { text: detokenize(out), from: tokens.slice(i, head + 1).join(' '), to: out.slice(i, head + 1).join(' ') };
}

/** Spatial relations and their opposites, longest first so that "to the left of" wins over "left". */
const RELATIONS: [string, string][] = [
  ['to the left of', 'to the right of'],
  ['to the right of', 'to the left of'],
  ['on the left side of', 'on the right side of'],
  ['on the right side of', 'on the left side of'],
  ['in front of', 'behind'],
  ['on top of', 'underneath'],
  ['at the top of', 'at the bottom of'],
  ['at the bottom of', 'at the top of'],
  ['next to', 'far from'],
  ['far from', 'next to'],
  ['far away from', 'next to'],
  ['close to', 'far from'],
  ['out of', 'into'],
  ['left of', 'right of'],
  ['right of', 'left of'],
  ['on the left', 'on the right'],
  ['on the right', 'on the left'],
  ['above', 'below'],
  ['below', 'above'],
  ['over', 'under'],
  ['under', 'on top of'],
  ['underneath', 'on top of'],
  ['beneath', 'above'],
  ['behind', 'in front of'],
  ['inside', 'outside'],
  ['outside', 'inside'],
  ['beside', 'far from'],
  ['near', 'far from'],
  ['into', 'out of'],
  ['down', 'up'],
  ['up', 'down'],
  ['against', 'away from'],
  ['towards', 'away from'],
  ['toward', 'away from'],
  ['away from', 'towards'],
  ['across', 'along'],
  ['along', 'across'],
  ['on', 'under'],
  ['in', 'outside'],
];
const DETERMINERS = new Set(['a', 'an', 'the', 'his', 'her', 'their', 'its', 'my', 'your', 'some', 'two', 'three', 'four', 'five', 'this', 'that', 'these', 'those']);

/** Where relation phrases occur: [index, phrase length, replacement]. Single-word "on" / "in" only before a determiner. */
export function relationSpans(tokens: string[]): [number, number, string][] {
  const low = tokens.map(lower);
  const taken = new Array<boolean>(tokens.length).fill(false);
  const out: [number, number, string][] = [];
  for (const [phrase, opposite] of RELATIONS) {
    const words = phrase.split(' ');
    for (let i = 0; i + words.length <= low.length; i++) {
      if (words.some((w, k) => low[i + k] !== w || taken[i + k])) continue;
      // Short words are relations only before a determiner, or after a verb of position ("standing on ice").
      if (words.length === 1 && ['on', 'in', 'over', 'down', 'up'].includes(phrase) && !DETERMINERS.has(low[i + 1] ?? '') && !(/ing$/.test(low[i - 1] ?? '') && isWord(tokens[i + 1]))) continue;
      // "turned on", "in order to", "over there": a particle, not a relation between two things.
      if (words.length === 1 && i === 0) continue;
      for (let k = 0; k < words.length; k++) taken[i + k] = true;
      out.push([i, words.length, opposite]);
    }
  }
  return out.sort((a, b) => a[0] - b[0]);
}

function position(tokens: string[], r: () => number): Rewrite | null {
  const spans = relationSpans(tokens);
  if (!spans.length) return null;
  const [i, len, opposite] = pick(r, spans);
  const to = matchCase(tokens[i], opposite).split(' ');
  const out = [...tokens.slice(0, i), ...to, ...tokens.slice(i + len)];
  return { text: detokenize(out), from: tokens.slice(i, i + len).join(' '), to: to.join(' ') };
}

/** Verbs and a contrasting verb, in the forms captions use (-ing, third person, past, base). */
const VERB_PAIRS: [string, string][] = [
  ['sitting', 'standing'], ['standing', 'sitting'], ['sits', 'stands'], ['stands', 'sits'], ['sat', 'stood'], ['stood', 'sat'], ['sit', 'stand'], ['stand', 'sit'],
  ['walking', 'running'], ['running', 'walking'], ['walks', 'runs'], ['runs', 'walks'], ['walked', 'ran'], ['ran', 'walked'], ['walk', 'run'], ['run', 'walk'],
  ['riding', 'pushing'], ['rides', 'pushes'], ['pushing', 'pulling'], ['pulling', 'pushing'], ['pushes', 'pulls'], ['pulls', 'pushes'],
  ['holding', 'dropping'], ['holds', 'drops'], ['dropping', 'holding'], ['throwing', 'catching'], ['catching', 'throwing'], ['throws', 'catches'], ['catches', 'throws'],
  ['eating', 'cooking'], ['eats', 'cooks'], ['cooking', 'eating'], ['cooks', 'eats'], ['drinking', 'spilling'], ['drinks', 'spills'],
  ['opening', 'closing'], ['closing', 'opening'], ['opens', 'closes'], ['closes', 'opens'],
  ['smiling', 'frowning'], ['frowning', 'smiling'], ['laughing', 'crying'], ['crying', 'laughing'],
  ['sleeping', 'reading'], ['reading', 'sleeping'], ['lying', 'standing'], ['laying', 'standing'],
  ['climbing', 'descending'], ['watching', 'ignoring'], ['looking', 'pointing'], ['playing', 'watching'], ['plays', 'watches'],
  ['flying', 'landing'], ['flies', 'lands'], ['carrying', 'dragging'], ['carries', 'drags'], ['cutting', 'serving'], ['cuts', 'serves'],
  ['talking', 'listening'], ['kicking', 'holding'], ['kicks', 'holds'], ['driving', 'parking'], ['parked', 'moving'], ['swimming', 'floating'],
  ['jumping', 'kneeling'], ['jumps', 'kneels'], ['hugging', 'pushing'], ['feeding', 'chasing'], ['chasing', 'feeding'], ['grazing', 'running'],
  ['surfing', 'swimming'], ['wearing', 'removing'], ['swinging', 'dropping'], ['waiting', 'running'], ['leaning', 'standing'], ['crossing', 'blocking'], ['moving', 'stopping'], ['serving', 'eating'], ['floating', 'sinking'], ['skiing', 'walking'], ['skateboarding', 'walking'], ['waving', 'clapping'], ['writing', 'erasing'], ['painting', 'washing'], ['washing', 'painting'],
];
const VERBS = new Map(VERB_PAIRS);

function verb(tokens: string[], r: () => number): Rewrite | null {
  const at = tokens.map((t, i) => (VERBS.has(lower(t)) ? i : -1)).filter((i) => i >= 0);
  if (!at.length) return null;
  const i = pick(r, at);
  const to = matchCase(tokens[i], VERBS.get(lower(tokens[i]))!);
  const out = tokens.slice();
  out[i] = to;
  return { text: detokenize(out), from: tokens[i], to };
}

const NEGATED: Record<string, string> = { "isn't": 'is', "aren't": 'are', "doesn't": 'does', "don't": 'do', "wasn't": 'was', "weren't": 'were', nobody: 'somebody', nothing: 'something', without: 'with', none: 'some' };
const startsWithVowelSound = (w: string) => /^[aeiou]/i.test(w) && !/^(uni|use|one|eu)/i.test(w);

function negation(tokens: string[]): Rewrite | null {
  const low = tokens.map(lower);
  const replace = (i: number, len: number, words: string[]): Rewrite => {
    const out = [...tokens.slice(0, i), ...words, ...tokens.slice(i + len)];
    return { text: detokenize(out), from: tokens.slice(i, i + len).join(' '), to: words.join(' ') };
  };
  // A caption that negates loses its negation; one that does not gains one.
  for (let i = 0; i < low.length; i++) {
    if (low[i] === 'not' && i > 0) return replace(i - 1, 2, [tokens[i - 1]]);
    if (NEGATED[low[i]]) return replace(i, 1, [matchCase(tokens[i], NEGATED[low[i]])]);
    if (low[i] === 'no' && isWord(tokens[i + 1])) {
      const next = tokens[i + 1];
      const plural = /s$/.test(lower(tokens[headAfter(tokens, i)] ?? '')) && !/ss$/.test(lower(tokens[headAfter(tokens, i)] ?? ''));
      return replace(i, 1, [matchCase(tokens[i], plural ? 'some' : startsWithVowelSound(next) ? 'an' : 'a')]);
    }
  }
  const copula = low.findIndex((w, i) => ['is', 'are', 'was', 'were'].includes(w) && i > 0 && isWord(tokens[i + 1]));
  if (copula >= 0) return replace(copula, 1, [tokens[copula], 'not']);
  const withAt = low.findIndex((w, i) => w === 'with' && i > 0);
  if (withAt >= 0) return replace(withAt, 1, [matchCase(tokens[withAt], 'without')]);
  const article = low.findIndex((w, i) => (w === 'a' || w === 'an') && headAfter(tokens, i) > 0);
  if (article >= 0) return replace(article, 1, [matchCase(tokens[article], 'no')]);
  const number = low.findIndex((w, i) => (NUMBERS.includes(w) || /^\d+$/.test(w)) && headAfter(tokens, i) > 0);
  if (number >= 0) return replace(number, 1, [matchCase(tokens[number], 'no')]);
  return null;
}

/** A noun phrase: determiner or number, adjectives, head noun. */
interface Phrase {
  det: number;
  head: number;
}

function phraseBefore(tokens: string[], end: number): Phrase | null {
  // The head noun is the word just before `end` (or before a verb there: "a cat sitting on"); walk back to its determiner.
  const head = VERBS.has(lower(tokens[end - 1])) || /ing$/.test(lower(tokens[end - 1] ?? '')) ? end - 2 : end - 1;
  if (head < 1 || !isWord(tokens[head]) || isStop(tokens[head]) || (ADJECTIVES.has(lower(tokens[head])) && lower(tokens[head]) !== 'square')) return null;
  for (let k = head - 1; k >= Math.max(0, head - 4); k--) {
    const w = lower(tokens[k]);
    if (DETERMINERS.has(w) || NUMBERS.includes(w)) return { det: k, head };
    if (!isWord(tokens[k]) || isStop(tokens[k])) return null;
  }
  return null;
}

function phraseAfter(tokens: string[], start: number): Phrase | null {
  const w = lower(tokens[start]);
  if (!DETERMINERS.has(w) && !NUMBERS.includes(w)) return null;
  const head = headAfter(tokens, start);
  return head > 0 ? { det: start, head } : null;
}

const isPlural = (t: string) => singularize(t).toLowerCase() !== t.toLowerCase();

/** Whether a noun phrase is plural: by its number word ("three sheep"), else by the noun's form. */
function phrasePlural(tokens: string[], p: Phrase): boolean {
  const det = lower(tokens[p.det]);
  const n = NUMBERS.indexOf(det);
  if (n >= 0 || /^\d+$/.test(det)) return (n >= 0 ? n : Number(det)) !== 1;
  if (det === 'a' || det === 'an') return false;
  return isPlural(tokens[p.head]);
}

function swap(tokens: string[], r: () => number): Rewrite | null {
  const options: (() => Rewrite | null)[] = [];
  // Two different colours, describing different things: exchange them.
  const colors = colorIndices(tokens);
  for (let a = 0; a < colors.length; a++)
    for (let b = a + 1; b < colors.length; b++)
      // Only colours of different things: a noun between them ("a red cup and a blue plate", not "black and white").
      if (lower(tokens[colors[a]]) !== lower(tokens[colors[b]]) && tokens.slice(colors[a] + 1, colors[b]).some((t) => isWord(t) && !ADJECTIVES.has(lower(t)) && !STOP.has(lower(t))))
        options.push(() => {
          const out = tokens.slice();
          out[colors[a]] = matchCase(tokens[colors[a]], lower(tokens[colors[b]]));
          out[colors[b]] = matchCase(tokens[colors[b]], lower(tokens[colors[a]]));
          return { text: detokenize(out), from: `${tokens[colors[a]]} … ${tokens[colors[b]]}`, to: `${out[colors[a]]} … ${out[colors[b]]}` };
        });
  // Two objects on either side of a relation: exchange them ("a cat on a laptop" → "a laptop on a cat").
  for (const [i, len] of relationSpans(tokens)) {
    const left = phraseBefore(tokens, i);
    const right = phraseAfter(tokens, i + len);
    if (!left || !right || lower(tokens[left.head]) === lower(tokens[right.head])) continue;
    options.push(() => {
      const out = tokens.slice();
      const a = tokens[left.head];
      const b = tokens[right.head];
      const bSingular = phrasePlural(tokens, right) ? singularize(b) : b;
      const aSingular = phrasePlural(tokens, left) ? singularize(a) : a;
      out[left.head] = phrasePlural(tokens, left) ? pluralize(bSingular) : bSingular;
      out[right.head] = phrasePlural(tokens, right) ? pluralize(aSingular) : aSingular;
      // Articles agree with what now follows them.
      for (const p of [left, right]) {
        const det = lower(out[p.det]);
        if ((det === 'a' || det === 'an') && p.det + 1 < out.length) out[p.det] = matchCase(tokens[p.det], startsWithVowelSound(out[p.det + 1]) ? 'an' : 'a');
      }
      return { text: detokenize(out), from: `${a} … ${b}`, to: `${out[left.head]} … ${out[right.head]}` };
    });
  }
  if (!options.length) return null;
  return pick(r, options)();
}

const RULES: Record<CompositionalType, (tokens: string[], r: () => number) => Rewrite | null> = { color, count, position, verb, negation: (t) => negation(t), swap };

/** One change of one type, or null when the caption has nothing that type can change (no colour word, …). */
export function rewriteCaption(text: string, type: CompositionalType, seed: number): Rewrite | null {
  const tokens = tokenize(text);
  const out = RULES[type](tokens, random(seed));
  if (!out) return null;
  // "an orange cup" → "a white cup": every article agrees with the word that now follows it.
  const fixed = fixArticles(tokenize(out.text));
  // Only the changed words change: the caption's own spacing and marks stay as written.
  const result = { ...out, text: withTokens(text, fixed) };
  if (result.text.toLowerCase() === detokenize(tokens).toLowerCase()) return null;
  return result;
}

function fixArticles(tokens: string[]): string[] {
  return tokens.map((t, i) => {
    const w = lower(t);
    if ((w !== 'a' && w !== 'an') || !isWord(tokens[i + 1])) return t;
    return matchCase(t, startsWithVowelSound(tokens[i + 1]) ? 'an' : 'a');
  });
}

/** Why a type does not apply to a caption, in words for the report. */
export const NOT_APPLICABLE: Record<CompositionalType, string> = {
  color: 'no colour word to change',
  count: 'no number or counted noun to change',
  position: 'no spatial relation to change',
  verb: 'no known verb to change',
  negation: 'no place to add or remove a negation',
  swap: 'no two attributes or objects to exchange',
};
