// The keyboard: a key press runs its command from the registry, one after another in key order, each with the latest
// context; Escape closes an overlay or an edit first; typing into a field is never a command.

import { useEffect, useRef } from 'react';
import { useUi } from '../../store/ui.ts';
import { commandForKey, type CommandContext } from '../commands/index.ts';

export function useCommandKeys(ctx: CommandContext) {
  const ctxRef = useRef(ctx);
  ctxRef.current = ctx;
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  useEffect(() => {
    const ui = useUi.getState;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.key === 'Escape' && (ui().overlay || ui().editing)) {
        ui().setOverlay(null);
        ui().setEditing(false);
        return;
      }
      // Radios, checkboxes and buttons keep the shortcuts working.
      const typing =
        t &&
        (t.isContentEditable ||
          ['TEXTAREA', 'SELECT'].includes(t.tagName) ||
          (t.tagName === 'INPUT' && !['radio', 'checkbox', 'button'].includes((t as HTMLInputElement).type)));
      if (typing) return;
      if (ui().overlay && ui().overlay !== 'help') return;
      const command = commandForKey(e);
      if (!command || (command.enabled && !command.enabled(ctxRef.current))) return;
      e.preventDefault();
      queue.current = queue.current.then(() => command.perform(ctxRef.current)).catch((err) => ui().notify((err as Error).message, 'error'));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
