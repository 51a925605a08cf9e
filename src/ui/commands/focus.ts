// What several commands share: deciding the focused item (or negative) and moving the focus through the screen.

import type { Item, ReviewStatus } from '../../core/model.ts';
import { positionOf, rememberPosition } from '../../store/itemLists.ts';
import type { CommandContext } from './context.ts';

/** Decide the item or negative in focus now: written to IndexedDB first, only then shown. */
export async function decideFocused(ctx: CommandContext, status: ReviewStatus): Promise<void> {
  const ui = ctx.ui();
  try {
    if (ui.screen === 'negatives') {
      if (ui.selectedNegativeId) await ctx.mutate.decideNegative({ negativeId: ui.selectedNegativeId, status, by: ui.reviewer });
    } else {
      const item = focusedItem(ctx);
      if (item) await ctx.mutate.decide({ item, status, by: ui.reviewer });
    }
  } catch (e) {
    ui.notify((e as Error).message, 'error');
  }
}

/** The item in focus now (the context's, unless keys outran the render that made it). */
export function focusedItem(ctx: CommandContext): Item | undefined {
  const id = ctx.ui().selectedId;
  if (!id) return undefined;
  if (ctx.item?.id === id) return ctx.item;
  const at = positionOf(ctx.visible, id);
  return at < 0 ? undefined : ctx.visible[at];
}

/** Move the focus by `delta` through the grid (or the negatives list), staying inside it. */
export function moveFocus(ctx: CommandContext, delta: number): void {
  const ui = ctx.ui();
  const negatives = ui.screen === 'negatives';
  const list: { id: string }[] = negatives ? ctx.visibleNegatives : ctx.visible;
  if (!list.length) return;
  const selected = negatives ? ui.selectedNegativeId : ui.selectedId;
  const at = selected ? positionOf(list, selected) : -1;
  const to = at < 0 ? 0 : Math.min(list.length - 1, Math.max(0, at + delta));
  const next = list[to].id;
  rememberPosition(next, to);
  if (negatives) ui.selectNegative(next);
  else ui.select(next);
}

export const decidable = (ctx: CommandContext) => !!ctx.item || !!ctx.negative;

/** Decide the focused item (or negative), then move to the next: accept and reject. */
export function decideThenNext(status: 'accepted' | 'rejected') {
  return async (ctx: CommandContext) => {
    await decideFocused(ctx, status);
    moveFocus(ctx, 1);
  };
}
