// The reviewer's commands, defined once: buttons, keyboard shortcuts and the help overlay all read this registry.

import type { Item, ReviewStatus } from '../core/model.ts';

export interface CommandContext {
  item: Item | undefined;
  decide: (status: ReviewStatus) => Promise<void>;
  startEdit: () => void;
  move: (delta: number) => void;
  undo: () => Promise<void>;
  toggleHelp: () => void;
  openImport: () => void;
  exportAccepted: () => void;
}

export interface Command {
  id: string;
  label: string;
  /** Shortcuts: a key name as KeyboardEvent.key gives it, optionally prefixed with "Mod+" (Ctrl, or Cmd on a Mac). */
  keys: string[];
  group: 'Review' | 'Navigate' | 'Data' | 'Help';
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

register({ id: 'accept', label: 'Accept', keys: ['a'], group: 'Review', enabled: hasItem, perform: async (ctx) => { await ctx.decide('accepted'); ctx.move(1); } });
register({ id: 'reject', label: 'Reject', keys: ['r'], group: 'Review', enabled: hasItem, perform: async (ctx) => { await ctx.decide('rejected'); ctx.move(1); } });
register({ id: 'reset', label: 'Mark pending', keys: ['p'], group: 'Review', enabled: (ctx) => !!ctx.item && ctx.item.status !== 'pending', perform: (ctx) => ctx.decide('pending') });
register({ id: 'edit', label: 'Edit caption', keys: ['e', 'Enter'], group: 'Review', enabled: (ctx) => !!ctx.item && ctx.item.kind !== 'text', perform: (ctx) => ctx.startEdit() });
register({ id: 'undo', label: 'Undo', keys: ['Mod+z', 'u'], group: 'Review', perform: (ctx) => ctx.undo() });
register({ id: 'next', label: 'Next item', keys: ['j', 'ArrowRight'], group: 'Navigate', perform: (ctx) => ctx.move(1) });
register({ id: 'previous', label: 'Previous item', keys: ['k', 'ArrowLeft'], group: 'Navigate', perform: (ctx) => ctx.move(-1) });
register({ id: 'import', label: 'Import files…', keys: ['i'], group: 'Data', perform: (ctx) => ctx.openImport() });
register({ id: 'export', label: 'Export accepted pairs (zip)', keys: [], group: 'Data', perform: (ctx) => ctx.exportAccepted() });
register({ id: 'help', label: 'Keyboard shortcuts', keys: ['?'], group: 'Help', perform: (ctx) => ctx.toggleHelp() });
