import { describe, expect, it } from 'vitest';
import { jsonLine } from './jsonLine.ts';

describe('jsonLine', () => {
  it('escapes the characters line-splitting readers break on, and reads back exactly', () => {
    const caption = 'one\u2028two\u2029three\u0085four\nfive\r\nsix';
    const line = jsonLine({ text: caption });
    // What Python's str.splitlines splits on, none of it raw in the line.
    const splitsLines = [0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x85, 0x2028, 0x2029];
    expect([...line].filter((c) => splitsLines.includes(c.codePointAt(0)!))).toEqual([]);
    expect(line).toBe('{"text":"one\\u2028two\\u2029three\\u0085four\\nfive\\r\\nsix"}');
    expect(JSON.parse(line).text).toBe(caption);
  });
});
