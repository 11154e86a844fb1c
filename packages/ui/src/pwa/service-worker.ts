// The service worker (built to /sw.js by vite.config.ts). It caches the app shell only; the rules
// are in sw-policy.ts. API answers and OpenCode data are never stored: they pass through untouched.
import { linkedAssets, SHELL_CACHE, SHELL_FILES, swRoute } from "./sw-policy";

/** The parts of the service worker scope this file uses (the DOM lib has no ServiceWorkerGlobalScope). */
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: "install" | "activate", listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: "fetch", listener: (event: FetchEvent) => void): void;
}

const scope = self as unknown as WorkerScope;

/** Caches index.html, what it links, the manifest and the icons; drops assets an older page linked. */
async function cacheShell(page?: Response): Promise<void> {
  const cache = await caches.open(SHELL_CACHE);
  const index = page ?? (await fetch("/", { cache: "no-cache" }));
  if (!index.ok) return;
  const html = await index.clone().text();
  await cache.put("/", index);
  const assets = linkedAssets(html);
  const wanted = [...SHELL_FILES.filter((f) => f !== "/"), ...assets];
  const cached = await Promise.all(wanted.map((path) => cache.match(path)));
  await cache.addAll(wanted.filter((_, i) => cached[i] === undefined));
  const keep = new Set(assets);
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith("/assets/") && !keep.has(path)) await cache.delete(request);
  }
}

scope.addEventListener("install", (event) => {
  event.waitUntil(cacheShell().then(() => scope.skipWaiting()));
});

scope.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== SHELL_CACHE) await caches.delete(name);
      await scope.clients.claim();
    })(),
  );
});

scope.addEventListener("fetch", (event) => {
  const request = event.request;
  const route = swRoute({ method: request.method, url: request.url, mode: request.mode }, scope.location.origin);
  if (route === "navigate") {
    event.respondWith(
      fetch(request).then(
        (response) => {
          // Every page path answers index.html; keep the newest one for offline starts.
          if (response.ok && (response.headers.get("content-type") ?? "").startsWith("text/html")) {
            event.waitUntil(cacheShell(response.clone()).catch(() => undefined));
          }
          return response;
        },
        async (error: unknown) => (await caches.match("/")) ?? Promise.reject(error),
      ),
    );
  } else if (route === "asset") {
    event.respondWith(
      caches.match(request).then(
        (cached) =>
          cached ??
          fetch(request).then(async (response) => {
            if (response.ok) await (await caches.open(SHELL_CACHE)).put(request, response.clone());
            return response;
          }),
      ),
    );
  }
});
