import { command } from './registry.ts';

export const mark = command({
  id: 'mark',
  label: 'Add to / remove from the selection (also Ctrl-click; Shift-click selects a range)',
  short: 'Select',
  keys: ['x'],
  group: 'Navigate',
  enabled: (ctx) => !!ctx.item,
  perform: (ctx) => {
    const ui = ctx.ui();
    if (ui.selectedId) ui.toggleMark(ui.selectedId);
  },
});
