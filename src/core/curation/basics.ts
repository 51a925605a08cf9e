// DataComp's basic filters, as sidebar filters, export filters and CLI flags: caption length in words, image size
// (the shorter side) and aspect ratio, and repeated captions (the first of each is kept). They combine with the
// kind and status filters and the cut.

import { currentCaption, type Item } from '../model.ts';

export interface BasicFilters {
  /** Fewest words a caption may have (DataComp's basic filter keeps captions of more than two words). */
  minWords?: number;
  maxWords?: number;
  /** Shortest side of the image in pixels (DataComp: 200). */
  minSide?: number;
  /** Largest ratio of the longer side to the shorter (DataComp: 3). */
  maxAspect?: number;
  /** Keep only the first item of each caption (compared without case and surrounding or repeated spaces). */
  uniqueCaptions?: boolean;
}

/** Whether any basic filter is set. */
export const hasBasicFilters = (f: BasicFilters | undefined): f is BasicFilters =>
  !!f && (f.minWords !== undefined || f.maxWords !== undefined || f.minSide !== undefined || f.maxAspect !== undefined || !!f.uniqueCaptions);

export const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

const captionKey = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** The filters in words, for the export manifest and the sidebar ("≥ 3 words, shorter side ≥ 200 px"). */
export function describeBasicFilters(f: BasicFilters): string {
  const parts: string[] = [];
  if (f.minWords !== undefined) parts.push(`≥ ${f.minWords} words`);
  if (f.maxWords !== undefined) parts.push(`≤ ${f.maxWords} words`);
  if (f.minSide !== undefined) parts.push(`shorter side ≥ ${f.minSide} px`);
  if (f.maxAspect !== undefined) parts.push(`aspect ratio ≤ ${f.maxAspect}`);
  if (f.uniqueCaptions) parts.push('first of each repeated caption');
  return parts.join(', ');
}

/**
 * A test for the filters over these items (which the repeated-caption filter needs whole: the first of each caption
 * in seq order passes). An item without a caption passes the word filters only when none is set; one whose image size
 * is unknown passes the size filters (said in the sidebar).
 */
export function basicFilter(f: BasicFilters, items: readonly Item[]): (item: Item) => boolean {
  let firstOfCaption: Set<string> | undefined;
  if (f.uniqueCaptions) {
    const seen = new Map<string, Item>();
    for (const i of items) {
      const c = currentCaption(i);
      if (c === undefined) continue;
      const key = captionKey(c);
      const held = seen.get(key);
      if (!held || i.seq < held.seq) seen.set(key, i);
    }
    firstOfCaption = new Set([...seen.values()].map((i) => i.id));
  }
  return (i) => {
    const caption = currentCaption(i);
    if (f.minWords !== undefined || f.maxWords !== undefined) {
      if (caption === undefined) return false;
      const n = wordCount(caption);
      if (f.minWords !== undefined && n < f.minWords) return false;
      if (f.maxWords !== undefined && n > f.maxWords) return false;
    }
    if (i.imageSize) {
      const [w, h] = i.imageSize;
      if (f.minSide !== undefined && Math.min(w, h) < f.minSide) return false;
      if (f.maxAspect !== undefined && Math.max(w, h) / Math.max(1, Math.min(w, h)) > f.maxAspect) return false;
    }
    if (firstOfCaption && caption !== undefined && !firstOfCaption.has(i.id)) return false;
    return true;
  };
}

/** Read the filters from command-line style values; a bad value is an error naming the flag. */
export function parseBasicFilters(values: Record<string, string | boolean | undefined>): BasicFilters | { error: string } {
  const out: BasicFilters = {};
  const num = (flag: string, key: 'minWords' | 'maxWords' | 'minSide' | 'maxAspect', min: number) => {
    const v = values[flag];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) return `--${flag} must be a number of at least ${min}`;
    out[key] = n;
    return undefined;
  };
  const error = num('min-words', 'minWords', 0) ?? num('max-words', 'maxWords', 0) ?? num('min-side', 'minSide', 1) ?? num('max-aspect', 'maxAspect', 1);
  if (error) return { error };
  if (values['unique-captions']) out.uniqueCaptions = true;
  return out;
}
