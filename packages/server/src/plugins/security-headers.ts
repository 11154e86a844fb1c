import fp from "fastify-plugin";

/**
 * CSP for the Vite-built Solid app. connect-src allows any loopback port because the browser
 * talks to each OpenCode server directly (ws: for their terminals' WebSockets, which Chromium
 * does not count under http:); 'unsafe-inline' styles because Solid and shiki set
 * style attributes; 'wasm-unsafe-eval' for shiki's regex engine.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' http://127.0.0.1:* http://localhost:* ws://127.0.0.1:* ws://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** Adds nosniff and no-referrer to every response, and the CSP and frame denial to HTML. */
export const securityHeaders = fp(
  async (app) => {
    app.addHook("onSend", async (_request, reply, payload) => {
      void reply.header("x-content-type-options", "nosniff");
      void reply.header("referrer-policy", "no-referrer");
      const type = reply.getHeader("content-type");
      if (typeof type === "string" && type.startsWith("text/html")) {
        void reply.header("content-security-policy", CONTENT_SECURITY_POLICY);
        void reply.header("x-frame-options", "DENY");
      }
      return payload;
    });
  },
  { name: "security-headers" },
);
