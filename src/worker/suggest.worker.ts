// The threshold suggestion (200 bootstrap resamples of the precision–recall curve) off the main thread: at thousands
// of decisions it takes a tenth of a second or more, which would stall every decision's repaint.

import * as Comlink from 'comlink';
import { type Labeled, type SuggestionRule, suggestThreshold } from '../core/curation/threshold.ts';

const api = {
  suggest: (labels: Labeled[], rule: SuggestionRule) => suggestThreshold(labels, rule),
};

export type SuggestWorkerApi = typeof api;

Comlink.expose(api);
