/**
 * Lazy syntax highlighting: shiki's fine-grained core, the JS regex engine, two themes, and each
 * language grammar are fetched only when a code block first needs them, so none of it is in the
 * main bundle and streaming text never waits for it.
 */
import type { HighlighterCore, LanguageRegistration } from "shiki/core";
import { sanitizeHighlightedHtml } from "./sanitize";

type LangModule = { default: LanguageRegistration[] };

// Explicit import() per language so the bundler emits one lazy chunk each (and only for these).
const LOADERS: Record<string, () => Promise<LangModule>> = {
  typescript: () => import("shiki/langs/typescript.mjs"),
  tsx: () => import("shiki/langs/tsx.mjs"),
  javascript: () => import("shiki/langs/javascript.mjs"),
  jsx: () => import("shiki/langs/jsx.mjs"),
  json: () => import("shiki/langs/json.mjs"),
  jsonc: () => import("shiki/langs/jsonc.mjs"),
  bash: () => import("shiki/langs/bash.mjs"),
  python: () => import("shiki/langs/python.mjs"),
  go: () => import("shiki/langs/go.mjs"),
  rust: () => import("shiki/langs/rust.mjs"),
  java: () => import("shiki/langs/java.mjs"),
  c: () => import("shiki/langs/c.mjs"),
  cpp: () => import("shiki/langs/cpp.mjs"),
  csharp: () => import("shiki/langs/csharp.mjs"),
  ruby: () => import("shiki/langs/ruby.mjs"),
  php: () => import("shiki/langs/php.mjs"),
  html: () => import("shiki/langs/html.mjs"),
  css: () => import("shiki/langs/css.mjs"),
  scss: () => import("shiki/langs/scss.mjs"),
  yaml: () => import("shiki/langs/yaml.mjs"),
  toml: () => import("shiki/langs/toml.mjs"),
  markdown: () => import("shiki/langs/markdown.mjs"),
  sql: () => import("shiki/langs/sql.mjs"),
  diff: () => import("shiki/langs/diff.mjs"),
  dockerfile: () => import("shiki/langs/dockerfile.mjs"),
  swift: () => import("shiki/langs/swift.mjs"),
  kotlin: () => import("shiki/langs/kotlin.mjs"),
  lua: () => import("shiki/langs/lua.mjs"),
  xml: () => import("shiki/langs/xml.mjs"),
  ini: () => import("shiki/langs/ini.mjs"),
  make: () => import("shiki/langs/make.mjs"),
};

const ALIASES: Record<string, string> = {
  ts: "typescript",
  mts: "typescript",
  cts: "typescript",
  js: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  node: "javascript",
  sh: "bash",
  shell: "bash",
  zsh: "bash",
  console: "bash",
  shellscript: "bash",
  py: "python",
  python3: "python",
  golang: "go",
  rs: "rust",
  "c++": "cpp",
  cc: "cpp",
  hpp: "cpp",
  h: "c",
  cs: "csharp",
  "c#": "csharp",
  rb: "ruby",
  yml: "yaml",
  md: "markdown",
  docker: "dockerfile",
  kt: "kotlin",
  htm: "html",
  patch: "diff",
  makefile: "make",
  svg: "xml",
  json5: "jsonc",
};

const THEMES = { light: "github-light", dark: "github-dark" } as const;

let corePromise: Promise<HighlighterCore> | null = null;
const langPromises = new Map<string, Promise<void>>();
const loaded = new Set<string>();
const cache = new Map<string, string>();
const CACHE_LIMIT = 400;

/** Maps a fence info string (`ts`, `Shell`, `python {title}`) to a supported grammar id, or null. */
export function resolveLanguage(info: string | null | undefined): string | null {
  const word = (info ?? "").trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  if (!word) return null;
  const id = ALIASES[word] ?? word;
  return id in LOADERS ? id : null;
}

/** Grammar ids loaded so far (lets tests prove loading is per language and on demand). */
export function loadedLanguages(): string[] {
  return [...loaded].sort();
}

function getCore(): Promise<HighlighterCore> {
  corePromise ??= (async () => {
    const [{ createHighlighterCore }, { createJavaScriptRegexEngine }, light, dark] = await Promise.all([
      import("shiki/core"),
      import("shiki/engine/javascript"),
      import("shiki/themes/github-light.mjs"),
      import("shiki/themes/github-dark.mjs"),
    ]);
    return createHighlighterCore({
      themes: [light.default, dark.default],
      langs: [],
      // forgiving: a grammar regex the JS engine cannot translate degrades to plain text, not a throw.
      engine: createJavaScriptRegexEngine({ forgiving: true }),
    });
  })();
  corePromise.catch(() => {
    corePromise = null;
  });
  return corePromise;
}

function ensureLanguage(core: HighlighterCore, id: string): Promise<void> {
  let p = langPromises.get(id);
  if (!p) {
    const loader = LOADERS[id];
    if (!loader) return Promise.reject(new Error(`no grammar for ${id}`));
    p = loader()
      .then((mod) => core.loadLanguage(...mod.default))
      .then(() => {
        loaded.add(id);
      });
    p.catch(() => langPromises.delete(id));
    langPromises.set(id, p);
  }
  return p;
}

const cacheKey = (code: string, lang: string): string => `${lang}\u0000${code}`;

/** Highlighted, sanitized HTML from the cache, if this exact block was highlighted before. */
export function cachedHighlight(code: string, info: string | null | undefined): string | null {
  const lang = resolveLanguage(info);
  return lang ? (cache.get(cacheKey(code, lang)) ?? null) : null;
}

/**
 * Highlights a code block (loading shiki and the grammar on first use). Resolves null for
 * languages we do not ship; the caller keeps the plain block.
 */
export async function highlightCode(code: string, info: string | null | undefined): Promise<string | null> {
  const lang = resolveLanguage(info);
  if (!lang) return null;
  const key = cacheKey(code, lang);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const core = await getCore();
  await ensureLanguage(core, lang);
  const html = sanitizeHighlightedHtml(core.codeToHtml(code, { lang, themes: THEMES, defaultColor: false }));
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(key, html);
  return html;
}

/** One highlighted token: its text and the CSS variables holding its light and dark colours. */
export interface CodeToken {
  content: string;
  style: Record<string, string>;
}

/**
 * Tokens per line of `code` (same themes as code blocks, colours as `--shiki-light`/`--shiki-dark`),
 * or null for languages we do not ship. Rendered as text nodes, so no HTML is involved.
 */
export async function highlightTokens(code: string, info: string | null | undefined): Promise<CodeToken[][] | null> {
  const lang = resolveLanguage(info);
  if (!lang) return null;
  const core = await getCore();
  await ensureLanguage(core, lang);
  const result = core.codeToTokens(code, { lang, themes: THEMES, defaultColor: false });
  return result.tokens.map((line) =>
    line.map((t) => {
      const style: Record<string, string> = {};
      for (const [k, v] of Object.entries(t.htmlStyle ?? {})) if (k.startsWith("--shiki-") && /^#[0-9a-fA-F]{3,8}$/.test(v)) style[k] = v;
      return { content: t.content, style };
    }),
  );
}
