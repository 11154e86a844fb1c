/**
 * DOMPurify configurations for untrusted model output. One private DOMPurify instance so our
 * hooks never leak into (or get clobbered by) anyone else's use of the default instance.
 */
import DOMPurify, { type Config } from "dompurify";

const purify = DOMPurify(typeof window === "undefined" ? undefined : window);

// Active or layout-hijacking content never survives, whatever the markdown asked for.
const FORBID_TAGS = [
  "script",
  "style",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "form",
  "input",
  "button",
  "textarea",
  "select",
  "option",
  "link",
  "meta",
  "base",
  "svg",
  "math",
  "img",
  "video",
  "audio",
  "source",
  "picture",
  "template",
  "noscript",
  "dialog",
];

// Only web links and in-page anchors; relative URLs would resolve against Switchboard itself.
const ALLOWED_URI_REGEXP = /^(?:https?:|mailto:|#)/i;

const MARKDOWN_CONFIG: Config = {
  USE_PROFILES: { html: true },
  FORBID_TAGS,
  FORBID_ATTR: ["style", "srcset", "formaction", "action", "id", "name"],
  ALLOW_DATA_ATTR: false,
  ALLOWED_URI_REGEXP,
};

// Shiki's output needs inline `style` for token colours (CSS variables); nothing else changes.
const HIGHLIGHT_CONFIG: Config = {
  ...MARKDOWN_CONFIG,
  FORBID_ATTR: ["srcset", "formaction", "action", "id", "name"],
};

purify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A") {
    if (node.hasAttribute("href")) {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    } else {
      node.removeAttribute("target");
    }
  }
});

/** Sanitizes HTML produced from model markdown (strict: no scripts, styles, forms, images, handlers). */
export function sanitizeMarkdownHtml(html: string): string {
  return purify.sanitize(html, { ...MARKDOWN_CONFIG, RETURN_TRUSTED_TYPE: false }) as string;
}

/** Sanitizes shiki's highlighted HTML (same rules, but token `style` attributes are kept). */
export function sanitizeHighlightedHtml(html: string): string {
  return purify.sanitize(html, { ...HIGHLIGHT_CONFIG, RETURN_TRUSTED_TYPE: false }) as string;
}
