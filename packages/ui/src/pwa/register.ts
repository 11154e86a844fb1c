/**
 * Registers the service worker (/sw.js) in production builds. Browsers allow it only in a secure
 * context: localhost, 127.0.0.1, or HTTPS (`--tls-cert`); on plain http from another device the
 * page works the same, it just does not install as an app.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register("/sw.js").catch((error: unknown) => {
    console.warn("Switchboard: the service worker could not be registered; the page works without it.", error);
  });
}
