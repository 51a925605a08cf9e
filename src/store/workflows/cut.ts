// The cut that work runs against: the saved one when there is one (after a reload the screen may not have loaded
// it yet), else the one on screen.

import { loadCut } from '../../persist/repo.ts';
import { useCuration } from '../curation.ts';
import { db } from '../database.ts';

export async function workingCut(datasetId: string, onScreen: number | undefined): Promise<{ model: string; value: number } | undefined> {
  const saved = await loadCut(db, datasetId);
  if (saved) return { model: saved.model, value: saved.value };
  return onScreen === undefined ? undefined : { model: useCuration.getState().model, value: onScreen };
}
