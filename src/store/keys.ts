// Every react-query key, made in one place: reads (queries.ts), writes (mutations.ts) and other tabs (tabs.ts) use them.

export const keys = {
  datasets: () => ['datasets'] as const,
  items: (datasetId: string) => ['items', datasetId] as const,
  firstItems: (datasetId: string) => ['items', datasetId, 'first'] as const,
  reports: (datasetId: string) => ['reports', datasetId] as const,
  image: (hash: string) => ['image', hash] as const,
  history: (itemId: string) => ['history', itemId] as const,
  negatives: (datasetId: string) => ['negatives', datasetId] as const,
  cut: (datasetId: string) => ['cut', datasetId] as const,
};
