// The command context for this render: the screen as the shell sees it, and the services commands act through.

import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { mutations } from '../../store/mutations.ts';
import type { ScreenData } from '../../store/screen.ts';
import { useUi } from '../../store/ui.ts';
import type { CommandContext } from '../commands/index.ts';

export function useCommandContext(s: ScreenData): CommandContext {
  const client = useQueryClient();
  const marked = useUi((u) => u.marked.size);
  const mutate = useMemo(() => mutations(client), [client]);
  return useMemo(
    () => ({
      datasetId: s.datasetId,
      dataset: s.dataset,
      item: s.screen === 'negatives' ? undefined : s.selected,
      negative: s.selectedNegative,
      visible: s.visible,
      visibleNegatives: s.visibleNegs,
      marked,
      threshold: s.tm,
      ui: useUi.getState,
      mutate,
      client,
    }),
    [s.datasetId, s.dataset, s.screen, s.selected, s.selectedNegative, s.visible, s.visibleNegs, marked, s.tm, mutate, client],
  );
}
