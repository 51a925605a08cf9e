// The header: the dataset picker, the main commands, export progress, the reviewer's name, scoring status.

import type { Dataset } from '../../core/model.ts';
import { useDownload } from '../../store/workflows/downloads.ts';
import { useUi } from '../../store/ui.ts';
import { ScoreStatus } from '../settings/ScoreStatus.tsx';
import type { CommandButtons } from './CommandButton.tsx';

export function Header({ datasets, button }: { datasets: Dataset[] | undefined; button: CommandButtons }) {
  const datasetId = useUi((s) => s.datasetId);
  const reviewer = useUi((s) => s.reviewer);
  const screen = useUi((s) => s.screen);
  const exporting = useDownload((s) => s.progress);
  const ui = useUi.getState;
  return (
    <header className="flex items-center gap-1.5 border-b border-slate-200 bg-white px-3 py-2 xl:gap-3 xl:px-4">
      <h1 className="whitespace-nowrap text-base font-semibold xl:text-lg">CLIP Curator</h1>
      <select
        aria-label="Dataset"
        className="w-32 rounded border border-slate-300 px-2 py-1 text-sm xl:w-56"
        value={datasetId ?? ''}
        onChange={(e) => ui().openDataset(e.target.value || null)}
      >
        <option value="">{datasets?.length ? 'Choose a dataset…' : 'No datasets yet'}</option>
        {datasets?.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </select>
      {button('dataset')}
      {button('import')}
      {button('score')}
      {button('export')}
      {button('export-training')}
      {button('evaluate')}
      {button('negatives', screen === 'negatives' ? 'border-sky-500 bg-sky-50' : '')}
      {exporting && <span className="text-sm text-slate-500">Exporting: {exporting}</span>}
      <label className="ml-auto flex items-center gap-1 text-sm text-slate-600">
        <span className="hidden xl:inline">Reviewer</span>
        <input
          aria-label="Reviewer name"
          title="Reviewer name (recorded with every decision)"
          className="w-20 rounded border border-slate-300 px-2 py-1 xl:w-28"
          value={reviewer}
          onChange={(e) => ui().setReviewer(e.target.value)}
        />
      </label>
      <ScoreStatus />
      {button('settings')}
      {button('help')}
    </header>
  );
}
