// Image–text pairs to score, each listed once however many cases ask for it (a positive shared by many negatives).

export interface PairList {
  pairs: { image: string; text: string }[];
  /** The index of the pair (image, text), added if it is new. */
  indexOf(image: string, text: string): number;
}

export function pairList(): PairList {
  const pairs: { image: string; text: string }[] = [];
  const index = new Map<string, number>();
  return {
    pairs,
    indexOf(image, text) {
      const k = `${image}\u0000${text}`;
      let i = index.get(k);
      if (i === undefined) {
        index.set(k, (i = pairs.length));
        pairs.push({ image, text });
      }
      return i;
    },
  };
}
