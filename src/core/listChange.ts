// Lists made from an earlier list by replacing a few of its elements (a reviewer's decision in a million items): the
// positions replaced are recorded with the new list, so that what is derived from a list can be patched at those
// positions instead of derived again from every element. A decision at a million items spent ~330 ms deriving the
// same counts, pairs and orders again.

interface Change {
  /** The list it was made from: held weakly, so a chain of decisions does not keep every earlier list alive. */
  from: WeakRef<readonly unknown[]>;
  at: readonly number[];
}

const changes = new WeakMap<readonly unknown[], Change>();

/** Most steps followed back from a list to the one a derived value was made from. */
const MOST_STEPS = 16;

/**
 * Records that `list` is `from` with the elements at positions `at` replaced (same length, every other element the
 * same object). Returns `list`.
 */
export function recordChange<T>(list: T[], from: readonly T[], at: readonly number[]): T[] {
  if (list.length === from.length) changes.set(list, { from: new WeakRef(from), at });
  return list;
}

/**
 * The positions at which `list` differs from `from`, when it was made from it by recorded changes (a few in a row,
 * e.g. two decisions before the next render); undefined when it was not, or the record is gone: derive it all again.
 * Positions may repeat.
 */
export function changedSince<T>(list: readonly T[], from: readonly T[] | undefined): number[] | undefined {
  if (!from) return undefined;
  if (list === from) return [];
  const at: number[] = [];
  let current: readonly unknown[] | undefined = list;
  for (let step = 0; current && step < MOST_STEPS; step++) {
    const change = changes.get(current);
    if (!change) return undefined;
    at.push(...change.at);
    current = change.from.deref();
    if (current === from) return at;
  }
  return undefined;
}
