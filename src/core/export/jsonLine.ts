// One JSON value on one line. JSON.stringify leaves U+2028, U+2029 and U+0085 (NEL) unescaped, and readers that split
// lines on them (Python's str.splitlines, some JSONL tools) would see a row broken in two: they are escaped here.

export function jsonLine(value: unknown): string {
  return JSON.stringify(value).replace(/[\u2028\u2029\u0085]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
