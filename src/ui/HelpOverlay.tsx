// The `?` overlay: lists every command and its shortcuts, straight from the registry.

import { allCommands, keyLabel } from './commands.ts';

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const groups = [...new Set(allCommands().map((c) => c.group))];
  return (
    <div className="fixed inset-0 z-20 flex items-center justify-center bg-black/40" onClick={onClose}>
      <div role="dialog" aria-label="Keyboard shortcuts" className="w-[28rem] rounded-lg bg-white p-5 shadow-xl" onClick={(e) => e.stopPropagation()}>
        <h2 className="mb-3 text-lg font-semibold">Keyboard shortcuts</h2>
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
                        {c.keys.length ? c.keys.map((k) => <kbd key={k} className="ml-1 rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-xs">{keyLabel(k)}</kbd>) : <span className="text-slate-400">button</span>}
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </section>
        ))}
        <p className="text-xs text-slate-500">Esc closes this and cancels an edit.</p>
      </div>
    </div>
  );
}
