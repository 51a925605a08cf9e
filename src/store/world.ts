// Whether the open dataset holds images the chosen models cannot judge: the bundled models know only the synthetic
// scenes, so on photographs their scores mean nothing, and the user must be told before and after scoring.

import { BUNDLED_MODELS, useScoring } from './scoring.ts';
import { useImportReports } from './queries.ts';
import type { ImportReport } from './dataClient.ts';

/** What to tell the user, or null when the models fit the data. */
export function worldMismatch(reports: ImportReport[] | undefined, syntheticOnly: boolean): string | null {
  const outside = (reports ?? []).reduce((n, r) => n + (r.outsideWorld ?? 0), 0);
  if (!outside || !syntheticOnly) return null;
  return (
    `${outside} image${outside === 1 ? ' is' : 's are'} not synthetic scenes, and the bundled tiny models know only the synthetic world: their scores here mean nothing. ` +
    'Add a real CLIP model in Settings (for example Xenova/clip-vit-base-patch32; where there is internet, `npx clip-curator fetch-model Xenova/clip-vit-base-patch32` puts it in models/).'
  );
}

/** Whether the chosen models are all synthetic-world models: known for sure once loaded, else by their ids. */
export function syntheticOnly({ backend, models }: Pick<ReturnType<typeof useScoring.getState>, 'backend' | 'models'>): boolean {
  return backend ? backend.syntheticOnly : models.every((m) => BUNDLED_MODELS.some((b) => b.id === m.id));
}

export function useWorldMismatch(datasetId: string | null): string | null {
  const reports = useImportReports(datasetId);
  const backend = useScoring((s) => s.backend);
  const models = useScoring((s) => s.models);
  return worldMismatch(reports.data, syntheticOnly({ backend, models }));
}
