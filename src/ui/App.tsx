// The app shell: lays out the header, the sidebar, the review grid (or the hard-negatives screen), the detail view,
// the status line and the dialogs. Behaviour lives in the commands (ui/commands), the store and the workflows.

import { useQueryClient } from '@tanstack/react-query';
import { useCuration } from '../store/curation.ts';
import { useItemsRead } from '../store/queries.ts';
import { useScreenData } from '../store/screen.ts';
import { useUi } from '../store/ui.ts';
import { generateNegatives, scoreNegatives } from '../store/workflows/negatives.ts';
import { useNegatives } from '../store/negatives.ts';
import { useMap } from '../store/map.ts';
import { MapPanel } from './map/MapPanel.tsx';
import { NegativesScreen } from './negatives/Negatives.tsx';
import { Detail } from './review/Detail.tsx';
import { Grid } from './review/Grid.tsx';
import { ImportNotice } from './review/ImportNotice.tsx';
import { onCellClick } from './review/selection.ts';
import { WorldNotice } from './review/WorldNotice.tsx';
import { commandButtons } from './shell/CommandButton.tsx';
import { Header } from './shell/Header.tsx';
import { Overlays } from './shell/Overlays.tsx';
import { Sidebar } from './shell/Sidebar.tsx';
import { useCommandContext } from './shell/useCommandContext.ts';
import { useCommandKeys } from './shell/useCommandKeys.ts';
import { useDatasetLifecycle } from './shell/useDatasetLifecycle.ts';
import { Welcome } from './shell/Welcome.tsx';
import { ThresholdPanel } from './threshold/ThresholdPanel.tsx';

export function App() {
  const client = useQueryClient();
  const screenData = useScreenData();
  const { datasetId, datasets, dataset, all, visible, selected, tm, negatives, visibleNegs, screen, itemsLoaded, anyItems } = screenData;
  const selectedId = useUi((s) => s.selectedId);
  const marked = useUi((s) => s.marked);
  const notice = useUi((s) => s.notice);
  const selectedNegativeId = useUi((s) => s.selectedNegativeId);
  const cutModel = useCuration((s) => s.model);
  const negRunning = useNegatives((s) => s.running);
  const mapOpen = useMap((s) => s.open);
  const ctx = useCommandContext(screenData);
  const button = commandButtons(ctx);
  useCommandKeys(ctx);
  useDatasetLifecycle(screenData);

  return (
    <div className="flex h-screen flex-col">
      <Header datasets={datasets.data} button={button} />
      <div className="flex min-h-0 flex-1">
        <Sidebar all={all} ctx={ctx} />
        <main className="min-w-0 flex-1">
          {!datasetId ? (
            <Welcome />
          ) : !anyItems ? (
            <p className="p-6 text-slate-500">Loading items…</p>
          ) : screen === 'negatives' ? (
            <NegativesScreen
              all={negatives}
              visible={visibleNegs}
              selectedId={selectedNegativeId}
              onSelect={(id) => useUi.getState().selectNegative(id)}
              onGenerate={() => void generateNegatives(client, datasetId, { cutOnScreen: tm.pairs.length ? tm.value : undefined })}
              onRescore={() => void scoreNegatives(client, datasetId, true)}
              running={negRunning}
            />
          ) : (
            <div className="flex h-full flex-col">
              <ImportNotice datasetId={datasetId} />
              <WorldNotice datasetId={datasetId} />
              {mapOpen && <MapPanel datasetId={datasetId} items={all} />}
              <ThresholdPanel items={all} datasetId={datasetId} tm={tm} buttons={button} />
              <div className="min-h-0 flex-1">
                <Grid
                  items={visible}
                  selectedId={selectedId}
                  marked={marked}
                  onSelect={(click) => onCellClick(click, visible)}
                  cut={{ model: cutModel, value: tm.value }}
                />
              </div>
            </div>
          )}
        </main>
        {screen !== 'negatives' && <Detail item={selected} buttons={button} />}
      </div>
      <footer
        role="status"
        className={`border-t px-4 py-1 text-sm ${notice?.tone === 'error' ? 'border-red-200 bg-red-50 text-red-800' : 'border-slate-200 bg-white text-slate-600'}`}
      >
        {notice?.text ??
          (!datasetId ? (
            'No dataset open: press i to import, or load the demo.'
          ) : itemsLoaded ? (
            `${visible.length.toLocaleString('en-US')} of ${all.length.toLocaleString('en-US')} items shown. Press ? for shortcuts.`
          ) : (
            <ItemsLoading first={all.length} datasetId={datasetId} />
          ))}
      </footer>
      <Overlays dataset={dataset} datasets={datasets.data ?? []} items={all} cutValue={tm.value} scored={tm.pairs.length > 0} />
    </div>
  );
}

/** While a large dataset's list loads: the first screenful is shown, and how much of the rest is read (its own render). */
function ItemsLoading({ first, datasetId }: { first: number; datasetId: string | null }) {
  const read = useItemsRead((s) => (s.datasetId === datasetId ? s.read : 0));
  return <>{`Showing the first ${first} items while the rest load…${read > first ? ` (${read.toLocaleString('en-US')} read)` : ''}`}</>;
}
