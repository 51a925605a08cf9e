// Tokenization with @huggingface/tokenizers on the model's own tokenizer.json; padding and truncation as CLIP expects.

import { Tokenizer } from '@huggingface/tokenizers';

export interface TokenBatch {
  /** Row-major [batch, length]. */
  ids: number[];
  mask: number[];
  batch: number;
  length: number;
}

/**
 * tokenizer_config.json as openai first published it writes special tokens as objects
 * ({"content": "<|endoftext|>", "__type": "AddedToken", …}); today's form writes plain strings (and lists the tokens
 * in added_tokens_decoder). Both load: the objects become their content.
 */
export function plainSpecialTokens(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...config };
  for (const [key, value] of Object.entries(config)) {
    if (value && typeof value === 'object' && !Array.isArray(value) && typeof (value as { content?: unknown }).content === 'string')
      out[key] = (value as { content: string }).content;
  }
  return out;
}

export class ClipTokenizer {
  private readonly tokenizer: Tokenizer;
  readonly eosId: number;
  readonly padId: number;

  constructor(
    tokenizerJson: object,
    tokenizerConfig: Record<string, unknown>,
    readonly maxLength: number,
  ) {
    tokenizerConfig = plainSpecialTokens(tokenizerConfig);
    this.tokenizer = new Tokenizer(tokenizerJson as never, tokenizerConfig as never);
    const vocab = (tokenizerJson as { added_tokens?: { id: number; content: string }[] }).added_tokens ?? [];
    const idOf = (name: unknown) => vocab.find((t) => t.content === name)?.id;
    const eos = idOf(tokenizerConfig.eos_token ?? '<|endoftext|>');
    if (eos === undefined) throw new Error('tokenizer.json has no end-of-text token among its added_tokens');
    this.eosId = eos;
    this.padId = idOf(tokenizerConfig.pad_token) ?? eos;
  }

  encode(text: string): number[] {
    const ids = this.tokenizer.encode(text).ids;
    // Too long: cut, and keep the end-of-text token last (the text tower pools there).
    return ids.length > this.maxLength ? [...ids.slice(0, this.maxLength - 1), this.eosId] : ids;
  }

  /** Pad to the longest text in the batch, not to maxLength: text cost grows with length. */
  encodeBatch(texts: string[]): TokenBatch {
    const encoded = texts.map((t) => this.encode(t));
    const length = Math.max(...encoded.map((e) => e.length));
    const ids = new Array<number>(texts.length * length).fill(this.padId);
    const mask = new Array<number>(texts.length * length).fill(0);
    encoded.forEach((e, b) => e.forEach((id, i) => ((ids[b * length + i] = id), (mask[b * length + i] = 1))));
    return { ids, mask, batch: texts.length, length };
  }
}
