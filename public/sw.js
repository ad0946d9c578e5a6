// Matchscope's service worker: after the first visit the app opens and computes offline.
// The build (vite.config.ts) writes VERSION and PRECACHE: every built file and sample image. On install
// they are all cached; the page is served network-first (a new deploy shows at once when online), and
// everything else cache-first (the asset names carry content hashes). Nothing here ever leaves the origin.
const VERSION = 'dev';
const PRECACHE = [];
const CACHE = `matchscope-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('matchscope-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin) return;
  if (req.mode === 'navigate') {
    // Any address of the app (?descriptor=…&stride=…) is the same page.
    event.respondWith(
      fetch(req).then((res) => {
        const copy = res.clone();
        if (res.ok) void caches.open(CACHE).then((c) => c.put('/', copy));
        return res;
      }).catch(() => caches.match('/', { cacheName: CACHE })),
    );
    return;
  }
  // ignoreVary: the server varies on Origin, which module scripts and workers send and the precache did not.
  event.respondWith(caches.match(req, { cacheName: CACHE, ignoreVary: true }).then((hit) => hit ?? fetch(req)));
});
