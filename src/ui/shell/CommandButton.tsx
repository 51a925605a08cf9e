// A toolbar button for a registered command: its label, shortcut hint and enabled state come from the registry.

import type { ReactNode } from 'react';
import { commandById, keyLabel, type CommandContext } from '../commands/index.ts';

export type CommandButtons = (id: string, extra?: string) => ReactNode;

export function CommandButton({ id, ctx, extra = '' }: { id: string; ctx: CommandContext; extra?: string }) {
  const c = commandById(id);
  const disabled = c.enabled ? !c.enabled(ctx) : false;
  return (
    <button
      type="button"
      data-command={id}
      disabled={disabled}
      onClick={() => void c.perform(ctx)}
      className={`whitespace-nowrap rounded border border-slate-300 bg-white px-2 py-1 text-sm xl:px-3 hover:bg-slate-100 disabled:opacity-40 ${extra}`}
      title={c.keys.length ? `${c.label} (${keyLabel(c.keys[0])})` : c.label}
      aria-label={c.label}
    >
      {c.short ?? c.label}
    </button>
  );
}

/** A render function for panels that place several command buttons. */
export function commandButtons(ctx: CommandContext): CommandButtons {
  return (id, extra) => <CommandButton key={id} id={id} ctx={ctx} extra={extra} />;
}
