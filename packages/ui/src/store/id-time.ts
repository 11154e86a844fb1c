/**
 * When an OpenCode id was made. Ascending ids (`per_…`, `que_…`, `msg_…`) start with 12 hex digits of
 * (epoch ms × 0x1000 + counter) truncated to 48 bits, so they hold the time modulo 2^36 ms (~795 days);
 * the full time is the latest moment ≤ `now` with those low bits. That gives "waiting since" for
 * requests that carry no timestamp, and the same answer after a reload.
 */
const PERIOD = 2 ** 36;

/** Epoch ms encoded in an ascending OpenCode id, or null when the id has no such stamp. */
export function idTime(id: string, now: number): number | null {
  const match = /^[a-z]+_([0-9a-f]{12})/.exec(id);
  if (!match?.[1]) return null;
  const low = Math.floor(Number.parseInt(match[1], 16) / 0x1000);
  const back = (((now - low) % PERIOD) + PERIOD) % PERIOD;
  return now - back;
}
