// The k best of a stream in one pass: a bounded insertion, cheaper than sorting everything when k is small
// (search's top results, the borderline strip on each side of the cut).

/**
 * Put `item` into `list` (at most `k` long, best first) when it is among the `k` best seen so far. `before(a, b)`:
 * a ranks strictly above b. Of equal items the one offered first stays ahead, as a stable sort keeps it.
 */
export function keepBest<T>(list: T[], item: T, k: number, before: (a: T, b: T) => boolean): void {
  if (k <= 0 || (list.length >= k && !before(item, list[k - 1]))) return;
  let at = list.length >= k ? k - 1 : list.length;
  if (list.length < k) list.push(item);
  while (at > 0 && before(item, list[at - 1])) {
    list[at] = list[at - 1];
    at--;
  }
  list[at] = item;
}
