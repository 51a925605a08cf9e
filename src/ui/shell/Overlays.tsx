// The dialogs over the screen: help, settings, import, training-set export, evaluation, prompt templates.

import { useQueryClient } from '@tanstack/react-query';
import type { Dataset, Item } from '../../core/model.ts';
import { useCuration } from '../../store/curation.ts';
import { refreshDataset } from '../../store/queries.ts';
import { useUi } from '../../store/ui.ts';
import { DatasetDialog } from '../datasets/DatasetDialog.tsx';
import { EvaluateDialog } from '../evaluate/EvaluateDialog.tsx';
import { ExportDialog } from '../export/ExportDialog.tsx';
import { ImportPanel } from '../import/ImportPanel.tsx';
import { PromptsDialog } from '../preprocess/PromptsDialog.tsx';
import { Settings } from '../settings/Settings.tsx';
import { HelpOverlay } from './HelpOverlay.tsx';

export function Overlays({
  dataset,
  datasets,
  items,
  cutValue,
  scored,
}: {
  dataset: Dataset | undefined;
  datasets: Dataset[];
  items: Item[];
  cutValue: number;
  scored: boolean;
}) {
  const client = useQueryClient();
  const overlay = useUi((s) => s.overlay);
  const cutModel = useCuration((s) => s.model);
  const ui = useUi.getState;
  const close = () => ui().setOverlay(null);
  const cut = { model: cutModel, value: cutValue };
  switch (overlay) {
    case 'help':
      return <HelpOverlay onClose={close} />;
    case 'settings':
      return <Settings onClose={close} />;
    case 'export':
      return dataset ? <ExportDialog datasetId={dataset.id} datasetName={dataset.name} cut={scored ? cut : null} onClose={close} /> : null;
    case 'evaluate':
      return dataset ? <EvaluateDialog datasetId={dataset.id} items={items} onClose={close} /> : null;
    case 'prompts':
      return dataset ? <PromptsDialog datasetId={dataset.id} cut={cut} onClose={close} /> : null;
    case 'dataset':
      return dataset ? <DatasetDialog dataset={dataset} others={datasets.filter((d) => d.id !== dataset.id)} itemCount={items.length} onClose={close} /> : null;
    case 'import':
      return (
        <ImportPanel
          onClose={close}
          onImported={async (id) => {
            await refreshDataset(client, id);
            ui().openDataset(id);
          }}
        />
      );
    default:
      return null;
  }
}
