// What a command sees when it runs: the screen as it is now, and the services it acts through (UI state, the
// mutations, the query client for workflows). Built once per render by the shell (useCommandContext).

import type { QueryClient } from '@tanstack/react-query';
import type { Dataset, Item } from '../../core/model.ts';
import type { Negative } from '../../core/negatives/types.ts';
import type { Mutations } from '../../store/mutations.ts';
import type { ThresholdModel } from '../../store/threshold.ts';
import type { useUi } from '../../store/ui.ts';

export interface CommandContext {
  datasetId: string | null;
  dataset: Dataset | undefined;
  /** The focused item on the review screen. */
  item: Item | undefined;
  /** On the hard-negatives screen: the focused negative (a, r, p decide it). */
  negative: Pick<Negative, 'status'> | undefined;
  /** The review grid's items and the negatives list, in screen order (next and previous walk them). */
  visible: Item[];
  visibleNegatives: Pick<Negative, 'id'>[];
  /** How many items are in the multi-selection. */
  marked: number;
  threshold: Pick<ThresholdModel, 'pairs' | 'pending' | 'value' | 'labels' | 'curve' | 'sorted'>;
  /** The page's UI state, read when the command runs (keys can outrun renders). */
  ui: typeof useUi.getState;
  mutate: Mutations;
  client: QueryClient;
}

/** Whether pairs have scores, so that threshold commands apply. */
export const hasScores = (ctx: CommandContext) => ctx.threshold.pairs.length > 0;

/** For commands that need an open dataset: says so when there is none. */
export function needsDataset(ctx: CommandContext): ctx is CommandContext & { datasetId: string } {
  if (ctx.datasetId) return true;
  ctx.ui().notify('Open or import a dataset first.', 'error');
  return false;
}

/**
 * Says `text` on the status line when `work` takes more than a moment (a bulk command over half a million pairs takes
 * tens of seconds); the command's own notice afterwards replaces it, and quick work says nothing.
 */
export async function sayWhileSlow<T>(ctx: CommandContext, text: string, work: () => Promise<T>): Promise<T> {
  const timer = setTimeout(() => ctx.ui().notify(text), 400);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
  }
}
