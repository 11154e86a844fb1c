/** Markdown → sanitized HTML, whole or one top-level block at a time (for streaming). */
import { Marked, type Token, type TokensList } from "marked";
import { sanitizeMarkdownHtml } from "./sanitize";

const escapeHtml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    // Raw HTML in model output is shown as the text the model wrote, never as markup: prose that
    // mentions a tag stays readable, and nothing active reaches the DOM parser at all.
    html({ text, block }) {
      return block ? `<p class="md-raw-html">${escapeHtml(text.replace(/\n+$/, ""))}</p>\n` : escapeHtml(text);
    },
    // Remote images in model output can leak data through their URLs: show a link instead.
    image({ href, text }) {
      const label = `image: ${escapeHtml(text || href)}`;
      return `<a href="${escapeHtml(href)}" class="md-image-link">${label}</a>`;
    },
  },
});

/** Renders untrusted markdown to HTML that is safe to assign to innerHTML. */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false });
  return sanitizeMarkdownHtml(html);
}

/** One top-level block of a markdown text: its source, and its sanitized HTML on demand. */
export interface MarkdownBlock {
  raw: string;
  html(): string;
}

/**
 * Splits markdown into top-level blocks (paragraphs, lists, code blocks…). While a reply streams
 * only its last block changes, so a view can keep the DOM of the others and re-render just that one.
 * Each block renders with the whole text's link definitions.
 */
export function markdownBlocks(text: string): MarkdownBlock[] {
  const tokens = marked.lexer(text);
  return tokens.map((token: Token) => ({
    raw: token.raw,
    html: () => {
      const one = Object.assign([token], { links: tokens.links }) as TokensList;
      return sanitizeMarkdownHtml(marked.parser(one));
    },
  }));
}
