// One row of a captions table, in any format, becomes one item or one error; the fields this app writes into
// metadata.jsonl are carried, and a malformed one is a row error, not a silent loss.

import { ITEM_KINDS, REVIEW_STATUSES, type CaptionVersion, type ItemKind, type ReviewStatus, type SourceRef } from '../model.ts';
import type { ImageReader } from './imageReader.ts';
import { resolveInside } from './paths.ts';
import type { CarriedFields, ImportEvent } from './types.ts';

export const IMAGE_KEYS = ['file_name', 'image', 'filepath', 'file', 'path', 'image_name'];
export const CAPTION_KEYS = ['text', 'caption', 'title', 'comment'];
export const CARRIED_KEYS = ['id', 'kind', 'status', 'decided_by', 'decided_at', 'caption_history', 'scores', 'source_file', 'source_row'];

export function rowError(source: string, row: number | undefined, reason: string): ImportEvent {
  return { type: 'error', error: { source, row, reason } };
}

export function firstKey(record: Record<string, unknown>, keys: string[]): string | undefined {
  return keys.find((k) => k in record && record[k] !== null && record[k] !== undefined);
}

/** One row of a captions table, in any format, becomes one item or one error. */
export async function rowToItem(record: Record<string, unknown>, source: SourceRef, dir: string, images: ImageReader): Promise<ImportEvent> {
  const imageKey = firstKey(record, IMAGE_KEYS);
  const captionKey = firstKey(record, CAPTION_KEYS);
  const imageName = imageKey ? record[imageKey] : undefined;
  const rawCaption = captionKey ? record[captionKey] : undefined;
  const err = (reason: string) => rowError(source.file, source.row, reason);
  if (imageName !== undefined && typeof imageName !== 'string') return err(`"${imageKey}" must be a file name (a string)`);
  if (rawCaption !== undefined && typeof rawCaption !== 'string') return err(`"${captionKey}" must be text (a string)`);
  const caption = rawCaption?.trim();
  const carried = readCarried(record);
  if ('error' in carried) return err(carried.error);
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    if (k !== imageKey && k !== captionKey && !CARRIED_KEYS.includes(k) && !IMAGE_KEYS.includes(k) && !CAPTION_KEYS.includes(k)) extra[k] = v;
  }
  const common = { source, carried: carried.fields, extra: Object.keys(extra).length ? extra : undefined };
  // An img2dataset URL list: the row names an image by URL, which the importer does not fetch.
  const url = imageName === undefined ? Object.entries(record).find(([k, v]) => /^(url|image_url|img_url)$/i.test(k) && typeof v === 'string') : undefined;
  if (url && /^https?:\/\//i.test(String(url[1])))
    return err(
      `the image is a URL (${String(url[1]).slice(0, 80)}) — the importer does not download: fetch the list first (img2dataset, for example) and import the folder it writes`,
    );
  if (imageName === undefined || imageName === '') {
    if (!caption) return err('row has neither an image nor a caption — add "file_name" or "text"');
    return { type: 'item', item: { kind: 'text', caption, ...common } };
  }
  const resolved = resolveInside(dir, imageName);
  if ('error' in resolved) return err(resolved.error);
  const loneImage = carried.kind === 'image' || captionKey === undefined;
  if (!loneImage && !caption) {
    images.markUsed(resolved.path);
    return err('caption is empty — write a caption, or leave the caption column out to import lone images');
  }
  const read = await images.read(resolved.path, imageName);
  if ('error' in read) return err(read.error);
  return {
    type: 'item',
    item: { kind: loneImage ? 'image' : 'pair', caption: loneImage ? undefined : caption, image: read.image, duplicateImage: read.duplicate, ...common },
  };
}

/** Reads the fields this app writes into metadata.jsonl; a malformed one is a row error, not a silent loss. */
export function readCarried(record: Record<string, unknown>): { fields?: CarriedFields; kind?: ItemKind } | { error: string } {
  const fields: CarriedFields = {};
  let kind: ItemKind | undefined;
  if (record.kind !== undefined) {
    if (!ITEM_KINDS.includes(record.kind as ItemKind)) return { error: `"kind" must be one of ${ITEM_KINDS.join(', ')}` };
    kind = record.kind as ItemKind;
  }
  if (typeof record.id === 'string' && record.id) fields.id = record.id;
  if (record.status !== undefined && record.status !== '') {
    if (!REVIEW_STATUSES.includes(record.status as ReviewStatus)) return { error: `"status" must be one of ${REVIEW_STATUSES.join(', ')}` };
    fields.status = record.status as ReviewStatus;
    if (fields.status !== 'pending' && typeof record.decided_by === 'string' && typeof record.decided_at === 'string') {
      fields.decision = { status: fields.status, by: record.decided_by, at: record.decided_at };
    }
  }
  if (record.caption_history !== undefined) {
    const h = record.caption_history;
    const valid = Array.isArray(h) && h.every((v) => v && typeof v.text === 'string' && v.provenance && typeof v.provenance.origin === 'string');
    if (!valid) return { error: '"caption_history" must be a list of {text, provenance} written by clip-curator' };
    fields.captions = h as CaptionVersion[];
  }
  if (record.scores !== undefined) {
    const s = record.scores;
    if (!s || typeof s !== 'object' || Object.values(s).some((v) => typeof v !== 'number')) return { error: '"scores" must map model names to numbers' };
    fields.scores = s as Record<string, number>;
  }
  if (typeof record.source_file === 'string' && record.source_file) {
    fields.source = { file: record.source_file, ...(typeof record.source_row === 'number' ? { row: record.source_row } : {}) };
  }
  return { fields: Object.keys(fields).length ? fields : undefined, kind };
}
