/** The browser tab shows the count: `(N) Switchboard` and a badge on the favicon. */
import { createEffect, onCleanup, type Accessor } from "solid-js";
import { faviconHref, titleWithCount } from "./format";

/** Keeps the document title and favicon in step with `count` (an effect per change, nothing else). */
export function createDocumentSignals(count: Accessor<number>): void {
  const base = titleWithCount(document.title || "Switchboard", 0);
  let link = document.querySelector<HTMLLinkElement>("link[rel~='icon']");
  const original = link?.href ?? null;
  createEffect(() => {
    const n = count();
    document.title = titleWithCount(base, n);
    if (!link) {
      link = document.createElement("link");
      link.rel = "icon";
      document.head.appendChild(link);
    }
    link.href = faviconHref(n);
  });
  onCleanup(() => {
    document.title = base;
    if (link && original !== null) link.href = original;
  });
}
