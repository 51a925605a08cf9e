// The `?` overlay: lists every command and its shortcuts, straight from the registry.

import { Dialog } from './Dialog.tsx';
import { allCommands, keyLabel } from '../commands/index.ts';

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const groups = [...new Set(allCommands().map((c) => c.group))];
  return (
    <Dialog title="Keyboard shortcuts" width="w-[28rem]" onClose={onClose}>
      {groups.map((g) => (
        <section key={g} className="mb-3">
          <h3 className="mb-1 text-sm font-medium text-slate-500">{g}</h3>
          <table className="w-full text-sm">
            <tbody>
              {allCommands()
                .filter((c) => c.group === g)
                .map((c) => (
                  <tr key={c.id}>
                    <td className="py-0.5">{c.label}</td>
                    <td className="py-0.5 text-right">
                      {c.keys.length ? (
                        c.keys.map((k) => (
                          <kbd key={k} className="ml-1 rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs">
                            {keyLabel(k)}
                          </kbd>
                        ))
                      ) : (
                        <span className="text-slate-400">button</span>
                      )}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </section>
      ))}
      <p className="text-xs text-slate-500">Esc closes this and cancels an edit.</p>
    </Dialog>
  );
}
