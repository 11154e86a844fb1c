import { appendFileSync } from "node:fs";

/** Keeps the last `limit` characters of a process's output, and mirrors it to a log file. */
export class LogTail {
  private text = "";
  constructor(
    private readonly file: string | undefined,
    private readonly limit = 16_000,
  ) {}

  /** Append a chunk of output. */
  push(chunk: string): void {
    this.text = (this.text + chunk).slice(-this.limit);
    if (this.file) {
      try {
        appendFileSync(this.file, chunk);
      } catch {
        // the fleet root may already be gone during shutdown
      }
    }
  }

  /** Everything kept so far. */
  toString(): string {
    return this.text;
  }

  /** The last `lines` lines, for error messages. */
  tail(lines = 30): string {
    return this.text.split("\n").slice(-lines).join("\n");
  }
}
