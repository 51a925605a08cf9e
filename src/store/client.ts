// The page's one query client: the store reads the loaded items from its cache where a worker would otherwise read
// them all again from IndexedDB (search's list of images).

import { QueryClient } from '@tanstack/react-query';

export const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false, retry: false } } });

// Item and negative lists are replaced, never changed in place, and a change keeps the objects it did not touch:
// react-query's structural sharing would only compare them again. At a million items it copied the list and walked
// it at every decision (replaceEqualDeep: 340-440 ms in Node for one changed item), and a refetch compared every item
// field by field.
queryClient.setQueryDefaults(['items'], { structuralSharing: false });
queryClient.setQueryDefaults(['negatives'], { structuralSharing: false });
