// The app shell only: index.html, the hashed assets, the manifest and icons. API answers (/v1/…),
// the local stage's routes and other origins (presigned image URLs) are never handled here, so a
// balance or a job is always read from the server.
const CACHE = 'atelier-shell-v1';
const SHELL = ['/', '/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

function isShell(url) {
  return url.origin === self.location.origin
    && (url.pathname === '/' || url.pathname.startsWith('/assets/') || SHELL.includes(url.pathname));
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || !isShell(url)) {
    return;
  }
  if (request.mode === 'navigate' || url.pathname === '/') {
    // index.html names the current hashed assets: fresh when online, the cached one offline.
    event.respondWith(fetch(request)
      .then((response) => {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put('/', copy));
        return response;
      })
      .catch(() => caches.match('/')));
    return;
  }
  // Hashed assets never change under their name.
  event.respondWith(caches.match(request).then((cached) => cached || fetch(request).then((response) => {
    if (response.ok) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(request, copy));
    }
    return response;
  })));
});
