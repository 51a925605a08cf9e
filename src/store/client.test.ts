// The page's query client keeps the item and negative lists it is given: no structural sharing over them.

import { describe, expect, it } from 'vitest';
import { queryClient } from './client.ts';
import { keys } from './keys.ts';

describe('queryClient', () => {
  it('stores a replaced item or negative list as given, and still shares structure elsewhere', () => {
    for (const key of [keys.items('d'), keys.firstItems('d'), keys.negatives('d')]) {
      const list = Array.from({ length: 5 }, (_, i) => ({ id: `i${i}`, status: 'pending' }));
      queryClient.setQueryData(key, list);
      // One item changed, the others the same objects: the list kept is the new one itself, not a copy made by
      // comparing the two.
      const next = list.map((x, i) => (i === 2 ? { ...x, status: 'accepted' } : x));
      queryClient.setQueryData(key, next);
      expect(queryClient.getQueryData(key)).toBe(next);
      // Equal content in new objects: also kept as given (sharing would hand back the old list).
      const copy = next.map((x) => ({ ...x }));
      queryClient.setQueryData(key, copy);
      expect(queryClient.getQueryData(key)).toBe(copy);
    }
    // Other queries keep react-query's default: equal data keeps the old reference.
    const cut = { datasetId: 'd', value: 0.3 };
    queryClient.setQueryData(keys.cut('d'), cut);
    queryClient.setQueryData(keys.cut('d'), { ...cut });
    expect(queryClient.getQueryData(keys.cut('d'))).toBe(cut);
    queryClient.clear();
  });
});
