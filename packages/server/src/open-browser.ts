import { spawn } from "node:child_process";

/** How to open a URL on this platform, or why not to try. */
export type BrowserCommand = { command: string; args: string[] } | { skip: string };

/** Picks the opener for `url`: none in CI or on a Linux box without a display. Pure. */
export function browserCommand(url: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): BrowserCommand {
  if (env.CI && env.CI !== "false" && env.CI !== "0") return { skip: "CI is set" };
  if (platform === "darwin") return { command: "open", args: [url] };
  // `start` is a cmd builtin; the empty string is the window title it would otherwise take from the URL.
  if (platform === "win32") return { command: "cmd", args: ["/c", "start", '""', url] };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return { skip: "no DISPLAY or WAYLAND_DISPLAY" };
  return { command: "xdg-open", args: [url] };
}

/** Minimal logger shape so callers can pass pino or console-like objects. */
interface OpenLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Opens `url` in the user's browser, detached; failures are logged, never thrown. */
export function openBrowser(url: string, logger: OpenLogger): void {
  const choice = browserCommand(url, process.platform, process.env);
  if ("skip" in choice) {
    logger.info({ reason: choice.skip }, "not opening a browser");
    return;
  }
  try {
    const child = spawn(choice.command, choice.args, { detached: true, stdio: "ignore", windowsHide: true });
    child.on("error", (err) => logger.warn({ err, command: choice.command }, "could not open a browser"));
    child.unref();
  } catch (err) {
    logger.warn({ err, command: choice.command }, "could not open a browser");
  }
}
