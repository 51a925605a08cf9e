// The registry of reviewer commands: each command is one file in this folder, listed in index.ts; buttons, keyboard
// shortcuts and the help overlay all read it, so a shortcut can never drift from its button.

import type { CommandContext } from './context.ts';

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

/** Checks the shape at the definition; the list in index.ts is the registry. */
export function command(c: Command): Command {
  return c;
}

/** A key press as a shortcut name: "a", "A", "Mod+z", "ArrowRight". */
export function keyName(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey'>): string {
  const mod = e.ctrlKey || e.metaKey;
  return mod ? `Mod+${e.key.length === 1 ? e.key.toLowerCase() : e.key}` : e.key;
}

/** How a shortcut is shown to the user. */
export function keyLabel(key: string): string {
  const isMac = typeof navigator !== 'undefined' && /Mac/.test(navigator.platform);
  return key
    .replace('Mod+', isMac ? '⌘' : 'Ctrl+')
    .replace('ArrowRight', '→')
    .replace('ArrowLeft', '←');
}
