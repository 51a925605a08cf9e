// The page entry: one query client, the app shell.
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './index.css';
import { App } from './ui/App.tsx';
import { installDebugHandle } from './debugHandle.ts';
import { queryClient as client } from './store/client.ts';
import { warmDecisionsWorker } from './store/decisionsClient.ts';
import { startThumbs } from './store/thumbs.ts';
import { listenToOtherTabs } from './store/tabs.ts';
import { useUi } from './store/ui.ts';

installDebugHandle();

// A request the Content-Security-Policy refused (an endpoint the deployment does not allow) says so and how to fix it.
document.addEventListener('securitypolicyviolation', (e) =>
  useUi
    .getState()
    .notify(
      `Blocked by the Content-Security-Policy (${e.effectiveDirective}): ${e.blockedURI || 'an inline resource'} — where the app is served, allow the origin (CC_CONNECT_SRC for npm start and vite preview; README: Deploying).`,
      'error',
    ),
);

listenToOtherTabs(client);
// The thumbnails worker, at once: the grid asks for its first thumbnails as soon as the first items are read.
startThumbs();
// The decisions worker (undo, bulk commands), started once the page has a moment: the first undo does not wait for it.
requestIdleCallback(warmDecisionsWorker, { timeout: 5000 });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
