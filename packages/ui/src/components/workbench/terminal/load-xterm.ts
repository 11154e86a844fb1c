/**
 * xterm.js and its fit addon, loaded on first use (dynamic import), so a page that never opens a
 * terminal downloads none of it. Its stylesheet comes with it.
 */
import type { Terminal } from "@xterm/xterm";
import type { FitAddon } from "@xterm/addon-fit";

/** The two constructors the terminal view needs. */
export interface XtermModules {
  Terminal: typeof Terminal;
  FitAddon: typeof FitAddon;
}

let loading: Promise<XtermModules> | null = null;

/** Loads once; a failed load is retried on the next call. */
export function loadXterm(): Promise<XtermModules> {
  loading ??= Promise.all([import("@xterm/xterm"), import("@xterm/addon-fit"), import("@xterm/xterm/css/xterm.css")])
    .then(([xterm, fit]) => ({ Terminal: xterm.Terminal, FitAddon: fit.FitAddon }))
    .catch((err: unknown) => {
      loading = null;
      throw err;
    });
  return loading;
}
