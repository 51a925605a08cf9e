// Builds the tiny models' tokenizer.json: CLIP's tokenizer layout (byte-level BPE, "</w>" word ends, specials last)
// with merges learned from the synthetic caption language, so real and tiny models load through the same code.

import { captionText, sampleCaption } from '../src/core/synth/scene.ts';
import { rng } from '../src/core/random.ts';

/** GPT-2/CLIP's reversible map from bytes to printable unicode characters. */
export function bytesToUnicode(): string[] {
  const bs: number[] = [];
  for (let i = 33; i <= 126; i++) bs.push(i);
  for (let i = 161; i <= 172; i++) bs.push(i);
  for (let i = 174; i <= 255; i++) bs.push(i);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  }
  const out: string[] = new Array(256);
  bs.forEach((b, i) => (out[b] = String.fromCodePoint(cs[i])));
  return out;
}

const SPLIT = "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+";

/** Learn merges on a word-frequency table until every word is one token or `maxMerges` is reached. */
export function learnMerges(words: Map<string, number>, maxMerges: number): string[][] {
  const byteChars = bytesToUnicode();
  const enc = new TextEncoder();
  let entries = [...words].map(([w, f]) => {
    const chars = Array.from(enc.encode(w), (b) => byteChars[b]);
    chars[chars.length - 1] += '</w>';
    return { symbols: chars, freq: f };
  });
  const merges: string[][] = [];
  while (merges.length < maxMerges) {
    const counts = new Map<string, number>();
    for (const e of entries)
      for (let i = 0; i + 1 < e.symbols.length; i++) {
        const k = `${e.symbols[i]} ${e.symbols[i + 1]}`;
        counts.set(k, (counts.get(k) ?? 0) + e.freq);
      }
    if (!counts.size) break;
    // Most frequent pair; ties broken by the pair's text so that the result never depends on map order.
    let best = '';
    let bestCount = 0;
    for (const [k, c] of counts) if (c > bestCount || (c === bestCount && k < best)) [best, bestCount] = [k, c];
    const [a, b] = best.split(' ');
    merges.push([a, b]);
    entries = entries.map((e) => {
      const s: string[] = [];
      for (let i = 0; i < e.symbols.length; i++) {
        if (i + 1 < e.symbols.length && e.symbols[i] === a && e.symbols[i + 1] === b) {
          s.push(a + b);
          i++;
        } else s.push(e.symbols[i]);
      }
      return { symbols: s, freq: e.freq };
    });
  }
  return merges;
}

export function buildTokenizer(maxLength: number): { tokenizer: object; tokenizerConfig: object; vocabSize: number; bos: number; eos: number } {
  const r = rng(2024);
  const words = new Map<string, number>();
  const wordRe = new RegExp(SPLIT, 'gu');
  for (let i = 0; i < 20000; i++) for (const w of captionText(sampleCaption(r)).toLowerCase().match(wordRe) ?? []) words.set(w, (words.get(w) ?? 0) + 1);
  // Words the negatives and provider stages will write (singular and plural forms), so they are single tokens too.
  for (const w of [
    'a',
    'an',
    'no',
    'not',
    'and',
    'one',
    'five',
    'of',
    'the',
    'with',
    'next',
    'to',
    'on',
    'top',
    'under',
    'circles',
    'squares',
    'triangles',
    'diamonds',
  ])
    words.set(w, (words.get(w) ?? 0) + 1);
  const merges = learnMerges(words, 2000);
  const byteChars = bytesToUnicode();
  const vocab: Record<string, number> = {};
  const add = (t: string) => (vocab[t] ??= Object.keys(vocab).length);
  for (const c of byteChars) add(c);
  for (const c of byteChars) add(`${c}</w>`);
  for (const [a, b] of merges) add(a + b);
  const bos = add('<|startoftext|>');
  const eos = add('<|endoftext|>');
  const special = (id: number, content: string) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: true, special: true });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(bos, '<|startoftext|>'), special(eos, '<|endoftext|>')],
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }, { type: 'Lowercase' }] },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: SPLIT }, behavior: 'Removed', invert: true },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: { type: 'RobertaProcessing', sep: ['<|endoftext|>', eos], cls: ['<|startoftext|>', bos], trim_offsets: false, add_prefix_space: false },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '</w>',
      fuse_unk: false,
      byte_fallback: false,
      vocab,
      merges: merges.map((m) => m.join(' ')),
    },
  };
  const tokenizerConfig = {
    tokenizer_class: 'CLIPTokenizer',
    bos_token: '<|startoftext|>',
    eos_token: '<|endoftext|>',
    pad_token: '<|endoftext|>',
    unk_token: '<|endoftext|>',
    model_max_length: maxLength,
    do_lower_case: true,
    clean_up_tokenization_spaces: false,
  };
  return { tokenizer, tokenizerConfig, vocabSize: Object.keys(vocab).length, bos, eos };
}
