import { describe, expect, it } from 'vitest';
import { contentHash } from '../import/image.ts';
import { renderScene } from './render.ts';
import { captionText, describeScene, isTrueOf, parseCaption, sampleCaption, sceneFor, type Caption } from './scene.ts';
import { rng } from '../random.ts';

describe('the synthetic caption language', () => {
  it('reads back every caption it writes', () => {
    const r = rng(1);
    for (let i = 0; i < 500; i++) {
      const c = sampleCaption(r);
      expect(parseCaption(captionText(c))).toEqual(JSON.parse(JSON.stringify(c)));
    }
  });

  it('writes counts, sizes, relations and negation as English', () => {
    const c: Caption = {
      form: 'objects',
      clauses: [
        { count: 2, size: 'small', color: 'red', shape: 'circle' },
        { count: 1, color: 'blue', shape: 'square' },
      ],
    };
    expect(captionText(c)).toBe('two small red circles and a blue square');
    expect(
      captionText({
        form: 'relation',
        a: { count: 1, color: 'green', shape: 'triangle' },
        relation: 'left of',
        b: { count: 1, color: 'yellow', shape: 'diamond' },
      }),
    ).toBe('a green triangle left of a yellow diamond');
    expect(captionText({ form: 'negation', present: { count: 1, color: 'red', shape: 'circle' }, absent: { color: 'blue', shape: 'square' } })).toBe(
      'a red circle and no blue square',
    );
    expect(parseCaption('a dog on a sofa')).toBeUndefined();
    expect(parseCaption('two red circle')).toBeUndefined();
  });

  it('builds scenes that make their caption true, and judges other captions', () => {
    const r = rng(7);
    for (let i = 0; i < 300; i++) {
      const c = sampleCaption(r);
      const scene = sceneFor(c, i);
      expect(isTrueOf(c, scene)).toBe(true);
      expect(isTrueOf(describeScene(scene, i), scene)).toBe(true);
    }
    const scene = sceneFor(parseCaption('a red circle left of a blue square')!, 3);
    expect(isTrueOf(parseCaption('a blue square right of a red circle')!, scene)).toBe(true);
    expect(isTrueOf(parseCaption('a red circle right of a blue square')!, scene)).toBe(false);
    expect(isTrueOf(parseCaption('a red circle and no blue square')!, scene)).toBe(false);
  });

  it('renders the same pixels for the same scene and seed: a fixed hash that every engine must reproduce', async () => {
    const scene = sceneFor(parseCaption('two large yellow triangles and a purple diamond')!, 11);
    const pixels = renderScene(scene, 64, 5);
    // Golden value: the e2e test checks that the browser renders the same bytes.
    expect(await contentHash(new Uint8Array(pixels.buffer))).toBe('445f88bc6e3d41572f12a9ac78e183bd33540b3c49c1adb9ae607b4b5bf3c0a4');
    expect(Array.from(renderScene(scene, 64, 6))).not.toEqual(Array.from(pixels));
  });
});
