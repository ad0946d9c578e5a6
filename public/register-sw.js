// Registers the service worker that keeps Matchscope working offline after the first visit.
// Only the production build links this file (see vite.config.ts); the dev server never registers it.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch((e) => console.warn('Offline use is not available:', e));
}
