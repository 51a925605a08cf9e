// The reviewer's commands, defined once: buttons, keyboard shortcuts and the help overlay all read this registry.

import type { Item, ReviewStatus } from '../core/model.ts';

export interface CommandContext {
  item: Item | undefined;
  /** On the hard-negatives screen: the selected negative (a, r, p decide it). */
  negative?: { status: ReviewStatus };
  showNegatives: () => void;
  decide: (status: ReviewStatus) => Promise<void>;
  startEdit: () => void;
  move: (delta: number) => void;
  undo: () => Promise<void>;
  toggleHelp: () => void;
  openImport: () => void;
  exportAccepted: () => void;
  openExport: () => void;
  openEvaluate: () => void;
  score: () => void;
  loadDemo: () => void;
  openSettings: () => void;
  acceptAbove: () => Promise<void>;
  rejectBelow: () => Promise<void>;
  nextInformative: () => void;
  approveCut: () => Promise<void>;
  runRoutes: () => Promise<void>;
  routeItem: () => Promise<void>;
  /** How many items are in the multi-selection. */
  marked: number;
  toggleMark: () => void;
  clearMarks: () => void;
  revert: () => Promise<void>;
  /** Whether pairs have scores, so that threshold commands apply. */
  hasScores: boolean;
}

export interface Command {
  id: string;
  label: string;
  /** A shorter label for toolbar buttons. */
  short?: string;
  /** Shortcuts: a key name as KeyboardEvent.key gives it, optionally prefixed with "Mod+" (Ctrl, or Cmd on a Mac). */
  keys: string[];
  group: 'Review' | 'Navigate' | 'Data' | 'Verify' | 'Help';
  enabled?: (ctx: CommandContext) => boolean;
  perform: (ctx: CommandContext) => void | Promise<void>;
}

const registry: Command[] = [];

export function register(command: Command): Command {
  if (registry.some((c) => c.id === command.id)) throw new Error(`command ${command.id} is registered twice`);
  registry.push(command);
  return command;
}

export function allCommands(): readonly Command[] {
  return registry;
}

export function commandById(id: string): Command {
  const c = registry.find((x) => x.id === id);
  if (!c) throw new Error(`no command ${id}`);
  return c;
}

/** The command a key press asks for, if any. */
export function commandForKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): Command | undefined {
  if (e.altKey) return undefined;
  const mod = e.ctrlKey || e.metaKey;
  const name = mod ? `Mod+${e.key.length === 1 ? e.key.toLowerCase() : e.key}` : e.key;
  return registry.find((c) => c.keys.includes(name));
}

/** How a shortcut is shown to the user. */
export function keyLabel(key: string): string {
  const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
  return key.replace('Mod+', isMac ? '⌘' : 'Ctrl+').replace('ArrowRight', '→').replace('ArrowLeft', '←');
}

const hasItem = (ctx: CommandContext) => !!ctx.item;
const decidable = (ctx: CommandContext) => !!ctx.item || !!ctx.negative;

register({ id: 'accept', label: 'Accept', keys: ['a'], group: 'Review', enabled: decidable, perform: async (ctx) => { await ctx.decide('accepted'); ctx.move(1); } });
register({ id: 'reject', label: 'Reject', keys: ['r'], group: 'Review', enabled: decidable, perform: async (ctx) => { await ctx.decide('rejected'); ctx.move(1); } });
register({ id: 'reset', label: 'Mark pending', keys: ['p'], group: 'Review', enabled: (ctx) => (ctx.item ?? ctx.negative)?.status !== undefined && (ctx.item ?? ctx.negative)!.status !== 'pending', perform: (ctx) => ctx.decide('pending') });
register({ id: 'edit', label: 'Edit caption', keys: ['e', 'Enter'], group: 'Review', enabled: (ctx) => !!ctx.item && ctx.item.kind !== 'text', perform: (ctx) => ctx.startEdit() });
register({ id: 'undo', label: 'Undo', keys: ['Mod+z', 'u'], group: 'Review', perform: (ctx) => ctx.undo() });
register({ id: 'next', label: 'Next item', keys: ['j', 'ArrowRight'], group: 'Navigate', perform: (ctx) => ctx.move(1) });
register({ id: 'previous', label: 'Previous item', keys: ['k', 'ArrowLeft'], group: 'Navigate', perform: (ctx) => ctx.move(-1) });
register({ id: 'import', label: 'Import files…', short: 'Import', keys: ['i'], group: 'Data', perform: (ctx) => ctx.openImport() });
register({ id: 'export', label: 'Export accepted pairs (zip)', short: 'Export', keys: [], group: 'Data', perform: (ctx) => ctx.exportAccepted() });
register({ id: 'export-training', label: 'Export a training set (JSONL, OpenCLIP, NegCLIP, WebDataset, imagefolder, Parquet)…', short: 'Training set', keys: [], group: 'Data', perform: (ctx) => ctx.openExport() });
register({ id: 'evaluate', label: 'Evaluate the models on the curated negatives (per type, Winoground)…', short: 'Evaluate', keys: [], group: 'Verify', perform: (ctx) => ctx.openEvaluate() });
register({ id: 'score', label: 'Score pairs with CLIP', short: 'Score', keys: ['s'], group: 'Verify', perform: (ctx) => ctx.score() });
register({ id: 'accept-above', label: 'Accept all pending pairs at or above the cut', short: 'Accept all ≥ cut', keys: ['A'], group: 'Verify', enabled: (ctx) => ctx.hasScores, perform: (ctx) => ctx.acceptAbove() });
register({ id: 'reject-below', label: 'Reject all pending pairs below the cut', short: 'Reject all < cut', keys: ['R'], group: 'Verify', enabled: (ctx) => ctx.hasScores, perform: (ctx) => ctx.rejectBelow() });
register({ id: 'next-informative', label: 'Next most informative pair (undecided, closest to the cut)', short: 'Next at cut', keys: ['n'], group: 'Verify', enabled: (ctx) => ctx.hasScores, perform: (ctx) => ctx.nextInformative() });
register({ id: 'approve-cut', label: 'Approve the current cut', short: 'Approve cut', keys: [], group: 'Verify', enabled: (ctx) => ctx.hasScores, perform: (ctx) => ctx.approveCut() });
register({ id: 'run-routes', label: 'Run all preprocessing routes (repair, caption, generate)', short: 'Preprocess', keys: ['g'], group: 'Data', perform: (ctx) => ctx.runRoutes() });
register({ id: 'route-item', label: 'Preprocess the selected items, or this item (repair, caption or generate, as each needs)', short: 'Preprocess item', keys: ['G'], group: 'Review', enabled: (ctx) => !!ctx.item || ctx.marked > 0, perform: (ctx) => ctx.routeItem() });
register({ id: 'mark', label: 'Add to / remove from the selection (also Ctrl-click; Shift-click selects a range)', short: 'Select', keys: ['x'], group: 'Navigate', enabled: hasItem, perform: (ctx) => ctx.toggleMark() });
register({ id: 'clear-marks', label: 'Clear the selection', short: 'Clear selection', keys: ['Escape'], group: 'Navigate', enabled: (ctx) => ctx.marked > 0, perform: (ctx) => ctx.clearMarks() });
register({ id: 'revert', label: 'Revert to the original caption / image', short: 'Revert', keys: ['v'], group: 'Review', enabled: (ctx) => !!ctx.item && (ctx.item.captions.length > 1 || !!ctx.item.extra?.image_provenance), perform: (ctx) => ctx.revert() });
register({ id: 'negatives', label: 'Hard negatives screen (again: back to the items)', short: 'Negatives', keys: ['h'], group: 'Data', perform: (ctx) => ctx.showNegatives() });
register({ id: 'demo', label: 'Load the demo dataset', keys: [], group: 'Data', perform: (ctx) => ctx.loadDemo() });
register({ id: 'settings', label: 'Settings (models, backend)', short: 'Settings', keys: [','], group: 'Help', perform: (ctx) => ctx.openSettings() });
register({ id: 'help', label: 'Keyboard shortcuts', short: '?', keys: ['?'], group: 'Help', perform: (ctx) => ctx.toggleHelp() });
