import { describe, expect, it } from 'vitest';
import { activeTemplate, defaultLibrary, latestTemplates, parseLibrary, saveTemplate } from './promptLibrary.ts';

describe('prompt library', () => {
  it('adds a version when a template changes, keeps every earlier version, and uses the latest', () => {
    let lib = defaultLibrary();
    const first = activeTemplate(lib, 'repair');
    expect(first.version).toBe(1);
    lib = saveTemplate(lib, 'repair', first.id, 'Fix this caption: "{caption}". One sentence.');
    lib = saveTemplate(lib, 'repair', first.id, 'Fix this caption: "{caption}". One sentence.'); // unchanged: no new version
    const now = activeTemplate(lib, 'repair');
    expect(now).toEqual({ id: first.id, version: 2, text: 'Fix this caption: "{caption}". One sentence.' });
    expect(lib.versions.repair.filter((t) => t.id === first.id).map((t) => t.version)).toEqual([1, 2]);
    expect(latestTemplates(lib, 'repair').filter((t) => t.id === first.id)).toHaveLength(1);
  });

  it('refuses a repair template without {caption}, an empty one, and a bad name', () => {
    const lib = defaultLibrary();
    expect(() => saveTemplate(lib, 'repair', 'mine', 'Describe the image.')).toThrow(/must contain \{caption\}/);
    expect(() => saveTemplate(lib, 'caption', 'mine', '   ')).toThrow(/empty/);
    expect(() => saveTemplate(lib, 'caption', 'My Prompt!', 'Describe.')).toThrow(/not a template name/);
    expect(saveTemplate(lib, 'caption', 'mine', 'Describe.').versions.caption.at(-1)).toEqual({ id: 'mine', version: 1, text: 'Describe.' });
  });

  it('survives a round trip through storage and falls back to the defaults on garbage', () => {
    let lib = saveTemplate(defaultLibrary(), 'caption', 'mine', 'Describe.');
    lib = { ...lib, active: { ...lib.active, caption: 'mine' } };
    expect(activeTemplate(parseLibrary(JSON.stringify(lib)), 'caption').id).toBe('mine');
    expect(parseLibrary('{not json')).toEqual(defaultLibrary());
    expect(parseLibrary(JSON.stringify({ versions: { caption: [{ id: 1 }] }, active: { caption: 'gone' } }))).toEqual(defaultLibrary());
  });
});
