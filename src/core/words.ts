// Numbers in sentences: "1 pair", "2 pairs", "0 lone images".

export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}

/** What an import found, as a sentence fragment. */
export function kindCounts(c: { pair: number; image: number; text: number }): string {
  return `${count(c.pair, 'pair')}, ${count(c.image, 'lone image')}, ${count(c.text, 'lone text')}`;
}
