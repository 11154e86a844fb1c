/** The "File" region: one file's text, read-only, highlighted by the timeline's highlighter (shiki). */
import { createResource, Show, type JSX } from "solid-js";
import type { WorkbenchApi } from "../../../api/workbench-api";
import { highlightCode } from "../../markdown/highlight";
import { languageOf } from "./file-marks";

/** Props of {@link FileViewer}. */
export interface FileViewerProps {
  api: WorkbenchApi;
  /** Key of the API's owner and folder (a new owner reloads). */
  apiKey: string;
  path: string;
  onClose: () => void;
}

/** Shows one file. */
export function FileViewer(props: FileViewerProps): JSX.Element {
  const [text] = createResource(
    () => ({ key: `${props.apiKey}|${props.path}`, api: props.api, path: props.path }),
    (s) => s.api.readFile(s.path),
  );
  // Plain text shows at once; the highlighted form replaces it when shiki has the grammar.
  const [html] = createResource(
    () => {
      const code = text();
      return code === undefined ? null : { code, path: props.path };
    },
    (s) =>
      highlightCode(s.code, languageOf(s.path)).catch((err: unknown) => {
        console.warn("switchboard: could not highlight", s.path, err);
        return null;
      }),
  );
  return (
    <section class="wb-file" aria-label="File" data-path={props.path}>
      <header class="wb-file-head">
        <span class="wb-name" title={props.path}>
          {props.path}
        </span>
        <button type="button" class="ch-close" aria-label="Close file" onClick={() => props.onClose()}>
          ×
        </button>
      </header>
      <Show
        when={!text.error}
        fallback={
          <p class="ch-error">
            Could not read {props.path}: {(text.error as Error)?.message ?? String(text.error)}
          </p>
        }
      >
        <Show when={text() !== undefined} fallback={<p class="wb-muted wb-code">Loading…</p>}>
          <Show when={html()} keyed fallback={<pre class="wb-code">{text()}</pre>}>
            {/* highlightCode returns sanitized HTML (sanitizeHighlightedHtml), set as the markdown view does. */}
            {(h) => <div class="wb-code" data-highlighted="" ref={(el) => (el.innerHTML = h)} />}
          </Show>
        </Show>
      </Show>
    </section>
  );
}
