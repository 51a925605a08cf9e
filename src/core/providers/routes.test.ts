import { describe, expect, it } from 'vitest';
import type { Item } from '../model.ts';
import { revertToOriginal, routeFor, withGeneratedCaption, withGeneratedImage } from './routes.ts';

const base: Item = {
  id: 'i',
  datasetId: 'd',
  seq: 0,
  kind: 'pair',
  imageHash: 'h',
  captions: [{ text: 'a dog', provenance: { origin: 'imported', at: 't0' } }],
  status: 'pending',
  source: { file: 'f' },
};
const result = { text: 'a red circle', model: 'offline/scene-reader', provider: 'offline', prompt: { id: 'repair-plain', version: 2, text: '' } };

describe('routing', () => {
  it('sends lone images to caption, lone texts to generate, and pairs under the cut to repair', () => {
    expect(routeFor({ ...base, kind: 'image', captions: [] })).toBe('caption');
    expect(routeFor({ ...base, kind: 'text', imageHash: undefined })).toBe('generate');
    expect(routeFor({ ...base, scores: { ensemble: 0.1 } }, { model: 'ensemble', value: 0.3 })).toBe('repair');
    expect(routeFor({ ...base, scores: { ensemble: 0.5 } }, { model: 'ensemble', value: 0.3 })).toBeUndefined();
    // A pair the reviewer accepted is not second-guessed.
    expect(routeFor({ ...base, status: 'accepted', scores: { ensemble: 0.1 } }, { model: 'ensemble', value: 0.3 })).toBeUndefined();
  });

  it('adds a generated caption with provenance, once per job, and sends the item back to review', () => {
    const decided: Item = { ...base, status: 'rejected', decision: { status: 'rejected', by: 'ana', at: 't' }, scores: { ensemble: 0.1 } };
    const next = withGeneratedCaption(decided, result, 'job-1', 't1');
    expect(next.captions.map((c) => c.text)).toEqual(['a dog', 'a red circle']);
    expect(next.captions[1].provenance).toMatchObject({
      origin: 'generated',
      model: 'offline/scene-reader',
      provider: 'offline',
      prompt: 'repair-plain',
      promptVersion: '2',
      jobId: 'job-1',
    });
    expect(next).toMatchObject({ status: 'pending', scores: undefined });
    expect(next.decision).toBeUndefined();
    expect(withGeneratedCaption(next, result, 'job-1', 't2')).toBe(next);
  });

  it('turns a lone text into a pair with a generated image, and reverts to the original in one step', () => {
    const text: Item = { ...base, kind: 'text', imageHash: undefined };
    const pair = withGeneratedImage(
      text,
      'abc',
      { bytes: new Uint8Array(), mime: 'image/png', model: 'offline/scene-renderer', provider: 'offline' },
      'job-2',
      't1',
    );
    expect(pair).toMatchObject({ kind: 'pair', imageHash: 'abc', extra: { image_provenance: { model: 'offline/scene-renderer', jobId: 'job-2' } } });
    const back = revertToOriginal(pair, 'ana', 't2');
    expect(back).toMatchObject({ kind: 'text', imageHash: undefined });
    const repaired = withGeneratedCaption(base, result, 'job-3', 't1');
    const reverted = revertToOriginal(repaired, 'ana', 't3');
    expect(reverted.captions.map((c) => [c.text, c.provenance.origin])).toEqual([
      ['a dog', 'imported'],
      ['a red circle', 'generated'],
      ['a dog', 'reverted'],
    ]);
  });
});
