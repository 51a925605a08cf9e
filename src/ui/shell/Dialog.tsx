// The frame every dialog shares: a dimmed backdrop that closes it, a titled panel, a Close button at the foot.

import type { ReactNode } from 'react';

export function Dialog({ title, width = 'w-[40rem]', onClose, children }: { title: string; width?: string; onClose: () => void; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click on the backdrop is a mouse shortcut; Escape and the Close button close every dialog
    // biome-ignore lint/a11y/useKeyWithClickEvents: as above, the keyboard closes it with Escape (useCommandKeys)
    <div className="fixed inset-0 z-20 flex items-center justify-center bg-black/40" onClick={onClose}>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: only stops a click inside the panel from reaching the backdrop */}
      <div
        role="dialog"
        aria-label={title}
        className={`max-h-[90vh] ${width} overflow-y-auto rounded-lg bg-white p-5 text-sm shadow-xl`}
        onClick={(e) => e.stopPropagation()}
      >
        <h2 className="mb-2 text-lg font-semibold">{title}</h2>
        {children}
        <p className="mt-3 text-right">
          <button type="button" className="rounded border px-3" onClick={onClose}>
            Close
          </button>
        </p>
      </div>
    </div>
  );
}
