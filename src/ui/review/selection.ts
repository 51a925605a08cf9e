// Clicks in the grid: a click focuses; Ctrl/Cmd-click toggles the item in the multi-selection; Shift-click adds the
// range from the focused item.

import type { Item } from '../../core/model.ts';
import { positionOf } from '../../store/itemLists.ts';
import { useUi } from '../../store/ui.ts';
import type { CellClick } from './Grid.tsx';

export function onCellClick({ id, toggle, range }: CellClick, visible: Item[]) {
  const ui = useUi.getState();
  if (range && ui.selectedId) {
    const a = positionOf(visible, ui.selectedId);
    const b = positionOf(visible, id);
    if (a >= 0 && b >= 0) ui.mark(visible.slice(Math.min(a, b), Math.max(a, b) + 1).map((i) => i.id));
  } else if (toggle) ui.toggleMark(id);
  ui.select(id);
}
