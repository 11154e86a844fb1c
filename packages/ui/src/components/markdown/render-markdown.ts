/** Markdown → sanitized HTML. Synchronous and cheap enough to run once per streamed frame. */
import { Marked } from "marked";
import { sanitizeMarkdownHtml } from "./sanitize";

const escapeHtml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

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
