/**
 * A synthetic, reproducible corpus for the search benchmark: sessions of user prompts, markdown
 * replies with code blocks, and tool lines (commands, paths), over a Zipf-like vocabulary of
 * pseudo-words and code identifiers, so term frequencies look like real chats.
 */
import type { IndexedMessage, StoredSession } from "../../packages/server/src/search/types.js";

/** Mulberry32: small seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = "ka ri to mu ne sa lo vi pe da zu go fi ra no be shi ta ke mo lu ve xi ya po ar en in or um el is at on".split(" ");
const COMMON = "the a to of and in is it that for on with this be as are you can we should not use file function when error test change".split(" ");

/** A vocabulary of `size` words: common English first, then pseudo-words and camelCase identifiers. */
export function vocabulary(size: number, rand: () => number): string[] {
  const words = new Set<string>(COMMON);
  while (words.size < size) {
    const n = 2 + Math.floor(rand() * 3);
    let w = "";
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    words.add(rand() < 0.2 ? `${w}${(SYLLABLES[Math.floor(rand() * SYLLABLES.length)] ?? "x").replace(/^./, (c) => c.toUpperCase())}` : w);
  }
  return [...words];
}

/** Picks words with a Zipf-like skew (rank^-1.07). */
export function zipfPicker(words: string[], rand: () => number): () => string {
  const weights = words.map((_, i) => 1 / Math.pow(i + 1, 1.07));
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w));
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo] ?? "x";
  };
}

/** Options of generateCorpus. */
export interface CorpusOptions {
  servers: number;
  sessions: number;
  messages: number;
  seed?: number;
}

/** Sessions per server directory with `messages` messages in all (user, assistant, tool, in turns). */
export function generateCorpus(opts: CorpusOptions): StoredSession[] {
  const rand = prng(opts.seed ?? 42);
  const words = vocabulary(30_000, rand);
  const word = zipfPicker(words, rand);
  const sentence = (n: number) => {
    const parts = Array.from({ length: n }, word);
    parts[0] = (parts[0] ?? "").replace(/^./, (c) => c.toUpperCase());
    return `${parts.join(" ")}.`;
  };
  // A project has a finite set of identifiers and files that its chats keep coming back to.
  const camel = () => `${word()}${word().replace(/^./, (c) => c.toUpperCase())}`;
  const pools = Array.from({ length: opts.servers }, () => ({
    idents: Array.from({ length: 3_000 }, camel),
    paths: Array.from({ length: 600 }, () => `src/${word()}/${word()}-${word()}.ts`),
  }));
  let project = 0;
  const fromPool = (xs: string[]) => xs[Math.floor(Math.pow(rand(), 2) * xs.length)] ?? "x";
  const ident = () => (rand() < 0.1 ? camel() : fromPool(pools[project]?.idents ?? []));
  const path = () => fromPool(pools[project]?.paths ?? []);
  const code = () =>
    [
      "```ts",
      `export function ${ident()}(${word()}: ${ident()}): Promise<${ident()}> {`,
      `  const ${word()} = await ${ident()}(${word()}, "${word()}");`,
      `  if (!${word()}) throw new Error("${sentence(4)}");`,
      `  return ${ident()}.${word()}(${word()});`,
      "}",
      "```",
    ].join("\n");
  const reply = () => {
    const out: string[] = [`## ${sentence(3 + Math.floor(rand() * 3))}`, sentence(12 + Math.floor(rand() * 20))];
    if (rand() < 0.6) out.push(`- ${sentence(6)}\n- ${sentence(8)}\n- \`${path()}\``);
    if (rand() < 0.5) out.push(code());
    out.push(sentence(10 + Math.floor(rand() * 25)));
    return out.join("\n\n");
  };
  const tools = () => [`bash`, `rg ${ident()} src`, `read`, path(), rand() < 0.5 ? `npm test -- ${word()}` : path()].join("\n");

  const sessions: StoredSession[] = [];
  const perSession = Math.floor(opts.messages / opts.sessions);
  let time = 1_700_000_000_000;
  for (let s = 0; s < opts.sessions; s++) {
    const server = s % opts.servers;
    project = server;
    const messages: IndexedMessage[] = [];
    for (let m = 0; m < perSession; m++) {
      time += 1000 + Math.floor(rand() * 60_000);
      const messageId = `msg_${s.toString(36)}_${m.toString(36)}`;
      const kind = m % 3;
      if (kind === 0) messages.push({ messageId, role: "user", text: sentence(6 + Math.floor(rand() * 30)), time });
      else if (kind === 1) messages.push({ messageId, role: "assistant", text: reply(), time });
      else messages.push({ messageId, role: "tool", text: tools(), time });
    }
    sessions.push({
      sessionId: `ses_${s.toString(36).padStart(6, "0")}`,
      directory: `/home/dev/src/project-${server}`,
      title: sentence(4).slice(0, -1),
      updated: time,
      messages,
    });
  }
  return sessions;
}
