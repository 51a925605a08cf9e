// The frame every dialog shares: a dimmed backdrop that closes it, a titled panel, a Close button at the foot.

import type { ReactNode } from 'react';

export function Dialog({ title, width = 'w-[40rem]', onClose, children }: { title: string; width?: string; onClose: () => void; children: ReactNode }) {
  return (
    <div className="fixed inset-0 z-20 flex items-center justify-center bg-black/40" onClick={onClose}>
      <div role="dialog" aria-label={title} className={`max-h-[90vh] ${width} overflow-y-auto rounded-lg bg-white p-5 text-sm shadow-xl`} onClick={(e) => e.stopPropagation()}>
        <h2 className="mb-2 text-lg font-semibold">{title}</h2>
        {children}
        <p className="mt-3 text-right">
          <button className="rounded border px-3" onClick={onClose}>
            Close
          </button>
        </p>
      </div>
    </div>
  );
}
