// What happens around opening a dataset: a first visit loads the demo, a dataset id remembered from a deleted
// database opens nothing, and work a reload cut short (preprocessing jobs, a negatives run) resumes.

import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { ScreenData } from '../../store/screen.ts';
import { useUi } from '../../store/ui.ts';
import { offerDemoOnFirstVisit } from '../../store/workflows/demo.ts';
import { resumeNegatives } from '../../store/workflows/negatives.ts';
import { resumeRoutes } from '../../store/workflows/routes.ts';

export function useDatasetLifecycle({ datasets, datasetId, dataset, tm }: Pick<ScreenData, 'datasets' | 'datasetId' | 'dataset' | 'tm'>) {
  const client = useQueryClient();
  const cutValue = useRef(tm.value);
  cutValue.current = tm.value;

  useEffect(() => {
    if (datasets.data) void offerDemoOnFirstVisit(client, datasets.data);
  }, [datasets.data, client]);

  useEffect(() => {
    if (datasets.data && !datasets.isFetching && datasetId && !dataset) useUi.getState().openDataset(datasets.data.at(-1)?.id ?? null);
  }, [datasets.data, datasets.isFetching, datasetId, dataset]);

  // Only when a dataset opens.
  useEffect(() => {
    if (!datasetId) return;
    void resumeNegatives(client, datasetId);
    void resumeRoutes(client, datasetId, cutValue.current);
  }, [datasetId, client]);
}
