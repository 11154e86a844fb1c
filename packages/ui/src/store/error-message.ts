/** An error's own words: its message, or the thrown value itself when it is not an Error ("" for nothing). */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === "string" ? err : err === null || err === undefined ? "" : String(err);
}
