// The page's one query client: the store reads the loaded items from its cache where a worker would otherwise read
// them all again from IndexedDB (search's list of images).

import { QueryClient } from '@tanstack/react-query';

export const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false, retry: false } } });
