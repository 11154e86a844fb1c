import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { pathClass } from "./request-path.js";

/** Options of the static UI plugin. */
export interface StaticUiOptions {
  /** Folder of the built UI (packages/ui/dist). */
  uiDir: string;
}

/** Shown instead of the app when packages/ui/dist has no index.html. */
export const MISSING_UI_TEXT =
  "Switchboard's web page has not been built yet.\n\n" +
  "Run `npm start` in the Switchboard folder: it installs, builds the page and starts the hub.\n" +
  "The API is up meanwhile: /api/instances lists the OpenCode servers found.\n";

/** What an unmatched request gets: the API's JSON 404, the SPA's index.html, or a plain 404. */
export type NotFoundAnswer = "api-404" | "spa-index" | "missing-ui" | "plain-404";

/** Decides the answer to a request no route or file matched. Pure. */
export function notFoundAnswer(request: { method: string; url: string; accept: string | undefined }, uiBuilt: boolean): NotFoundAnswer {
  const path = request.url.split("?")[0] ?? "";
  if (pathClass(path) === "api") return "api-404";
  const isRead = request.method === "GET" || request.method === "HEAD";
  const wantsHtml = (request.accept ?? "").includes("text/html");
  if (!uiBuilt) return isRead && (wantsHtml || path === "/") ? "missing-ui" : "plain-404";
  // "/" is the page whatever the Accept header (the service worker fetches it with */*).
  return isRead && (wantsHtml || path === "/") ? "spa-index" : "plain-404";
}

/**
 * Serves the built UI with SPA fallback: deep links (GET, Accept: text/html) get index.html,
 * missing assets a plain 404, unknown /api/* a JSON 404. Without a build, `/` explains what to run.
 */
export const staticUi = fp<StaticUiOptions>(
  async (app, opts) => {
    const uiBuilt = existsSync(join(opts.uiDir, "index.html"));
    if (uiBuilt) {
      await app.register(fastifyStatic, {
        root: opts.uiDir,
        index: "index.html",
        // The UI build writes .br/.gz beside each text file (packages/ui/build/precompress.ts):
        // sent to browsers that accept them (Vary: Accept-Encoding is set below).
        preCompressed: true,
        // Our own cache-control below; the default would be "public, max-age=0" for everything.
        cacheControl: false,
        setHeaders(res, filePath) {
          // Vite puts content-hashed names under assets/; everything else must revalidate.
          const hashed = filePath.includes(`${join(opts.uiDir, "assets")}`);
          res.setHeader("cache-control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
          // The same URL may be sent as .br, .gz or as is: caches must key on Accept-Encoding.
          res.setHeader("vary", "accept-encoding");
        },
      });
    } else {
      app.log.warn({ uiDir: opts.uiDir }, "UI build missing; run npm start to build it");
    }

    app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
      const answer = notFoundAnswer({ method: request.method, url: request.url, accept: request.headers.accept }, uiBuilt);
      switch (answer) {
        case "api-404":
          return reply.code(404).send({
            ok: false,
            reason: "not-found",
            message: `No API route ${request.method} ${request.url.split("?")[0] ?? ""}.`,
          });
        case "spa-index":
          return reply.header("cache-control", "no-cache").sendFile("index.html");
        case "missing-ui":
          return reply.code(503).type("text/plain; charset=utf-8").send(MISSING_UI_TEXT);
        case "plain-404":
          return reply.code(404).type("text/plain; charset=utf-8").send("Not found\n");
      }
    });
  },
  { name: "static-ui" },
);
