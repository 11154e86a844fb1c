/**
 * Start jobs of "New session in…": one per `POST /api/servers/jobs`, so the page can show where
 * a start is (finding OpenCode and spawning it, waiting for its port, the hub's discovery probing
 * it, listed), for how long, the server's output when it fails, and cancel it. Booting
 * `opencode serve` takes seconds (tens under load): a single blocking request showed nothing.
 */
import { randomUUID } from "node:crypto";
import type { Instance, InstanceRegistry } from "../discovery/types.js";
import type { StartJob, StartJobState } from "../contract/hub-api.js";
import { LaunchCancelled, LaunchFailed, OPENCODE_USER, type LaunchedServe, type LaunchOptions } from "./launch-serve.js";
import type { ManagedServers } from "./managed-servers.js";

/** Starts a server in a folder (the newest `opencode` on PATH, or a test's stand-in). */
export type Launch = (directory: string, hooks: Pick<LaunchOptions, "onSpawned" | "signal">) => Promise<LaunchedServe>;

/** Options of {@link StartJobs}. */
export interface StartJobsOptions {
  registry: InstanceRegistry;
  managed: ManagedServers;
  launch: Launch;
  /** How long discovery may take to verify a started server. */
  verifyTimeoutMs: number;
  /** Log lines (never credentials: only pids, ports, folders and the server's output). */
  log?: (level: "info" | "warn", detail: Record<string, unknown>, message: string) => void;
  /** How long a finished job stays readable (default 10 min). */
  keepMs?: number;
  now?: () => number;
}

/** A failure whose words the user should see as they are (no OpenCode on PATH). */
export class StartRefused extends Error {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

interface Job {
  id: string;
  directory: string;
  state: StartJobState;
  startedAt: number;
  endedAt: number | null;
  pid: number | null;
  port: number | null;
  instance: Instance | null;
  message: string | null;
  reason: string | null;
  output: string | null;
  log: string | null;
  abort: AbortController;
  done: Promise<void>;
}

const FINISHED: ReadonlySet<StartJobState> = new Set(["listed", "failed", "cancelled"]);

/** The hub's start jobs. */
export class StartJobs {
  private readonly jobs = new Map<string, Job>();
  private readonly now: () => number;

  constructor(private readonly opts: StartJobsOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Starts a job for `directory` (already checked to be an existing absolute folder). */
  create(directory: string): StartJob {
    this.forgetOld();
    const job: Job = {
      id: randomUUID(),
      directory,
      state: "spawning",
      startedAt: this.now(),
      endedAt: null,
      pid: null,
      port: null,
      instance: null,
      message: null,
      reason: null,
      output: null,
      log: null,
      abort: new AbortController(),
      done: Promise.resolve(),
    };
    this.jobs.set(job.id, job);
    job.done = this.run(job);
    return this.view(job);
  }

  /** The job as the API shows it; null when unknown (or forgotten). */
  get(id: string): StartJob | null {
    const job = this.jobs.get(id);
    return job ? this.view(job) : null;
  }

  /** Resolves with the job once it is listed, failed or cancelled. */
  async settled(id: string): Promise<StartJob | null> {
    const job = this.jobs.get(id);
    if (!job) return null;
    await job.done;
    return this.view(job);
  }

  /**
   * Cancels a running job: a process already spawned is stopped (it was never listed, so nothing
   * uses it). A finished job is left as it is. Null when unknown.
   */
  cancel(id: string): StartJob | null {
    const job = this.jobs.get(id);
    if (!job) return null;
    if (!FINISHED.has(job.state)) {
      job.abort.abort();
      if (job.pid !== null && job.port !== null) this.opts.managed.stop({ pid: job.pid, port: job.port });
      this.end(job, "cancelled", { message: "Cancelled: the hub stopped the OpenCode it was starting." });
    }
    return this.view(job);
  }

  private async run(job: Job): Promise<void> {
    let serve: LaunchedServe;
    try {
      serve = await this.opts.launch(job.directory, {
        signal: job.abort.signal,
        onSpawned: ({ pid, log }) => {
          if (FINISHED.has(job.state)) return;
          job.pid = pid;
          job.log = log;
          job.state = "waiting-port";
        },
      });
    } catch (err) {
      if (err instanceof LaunchCancelled || FINISHED.has(job.state)) return;
      if (err instanceof StartRefused) return this.end(job, "failed", { message: err.message, reason: err.reason });
      this.opts.log?.("warn", { err, directory: job.directory }, "could not start opencode serve");
      const words = err instanceof Error ? err.message : String(err);
      return this.end(job, "failed", {
        message: `Could not start OpenCode in ${job.directory}: ${words}`,
        reason: "start-failed",
        output: err instanceof LaunchFailed ? err.output : null,
        log: err instanceof LaunchFailed ? err.log : null,
      });
    }
    this.opts.managed.add(serve);
    this.opts.log?.("info", { pid: serve.pid, port: serve.port, directory: job.directory, bin: serve.bin }, "started opencode serve");
    if (FINISHED.has(job.state)) {
      // Cancelled in the instant between its listen line and here.
      this.opts.managed.stop(serve);
      return;
    }
    Object.assign(job, { pid: serve.pid, port: serve.port, log: serve.log, state: "probing" satisfies StartJobState });
    const instance = await verified(this.opts.registry, serve, this.opts.verifyTimeoutMs, job.abort.signal);
    if (FINISHED.has(job.state)) return;
    if (!instance)
      return this.end(job, "failed", {
        reason: "not-verified",
        message: `OpenCode started on port ${serve.port} (pid ${serve.pid}) but the hub could not verify it within ${Math.round(this.opts.verifyTimeoutMs / 1000)} s. It is still running: look at its tab once it appears, or stop it from there; its output is in ${serve.log}.`,
      });
    this.end(job, "listed", { instance });
  }

  private end(job: Job, state: StartJobState, fields: Partial<Pick<Job, "message" | "reason" | "output" | "log" | "instance">>): void {
    Object.assign(job, fields, { state, endedAt: this.now() });
  }

  private view(job: Job): StartJob {
    return {
      id: job.id,
      directory: job.directory,
      state: job.state,
      elapsedMs: (job.endedAt ?? this.now()) - job.startedAt,
      pid: job.pid,
      port: job.port,
      instance: job.instance,
      message: job.message,
      reason: job.reason,
      output: job.output,
      log: job.log,
    };
  }

  private forgetOld(): void {
    const keepMs = this.opts.keepMs ?? 600_000;
    for (const [id, job] of this.jobs) if (job.endedAt !== null && this.now() - job.endedAt > keepMs) this.jobs.delete(id);
  }
}

/**
 * Resolves the instance once the registry lists the server's port as ready; null after
 * `timeoutMs` or on abort. A server started with a password is listed "auth-required" first:
 * the hub hands discovery the password it chose (once), which makes it ready.
 */
function verified(registry: InstanceRegistry, serve: LaunchedServe, timeoutMs: number, signal: AbortSignal): Promise<Instance | null> {
  let unlocking = false;
  const ready = () => {
    const listed = registry.snapshot().instances.find((i) => i.port === serve.port);
    if (listed?.status === "auth-required" && serve.password && !unlocking) {
      unlocking = true;
      // A refusal (the server still booting) lets the next document change try again.
      registry.setCredentials(listed.id, { username: OPENCODE_USER, password: serve.password }).then(
        (result) => (unlocking = result.ok),
        () => (unlocking = false),
      );
    }
    return listed?.status === "ready" ? listed : null;
  };
  const now = ready();
  if (now) return Promise.resolve(now);
  return new Promise((resolve) => {
    const finish = (found: Instance | null) => {
      clearTimeout(timer);
      unsubscribe();
      signal.removeEventListener("abort", onAbort);
      resolve(found);
    };
    const onAbort = () => finish(null);
    const timer = setTimeout(() => finish(null), timeoutMs);
    const unsubscribe = registry.subscribe(() => {
      const found = ready();
      if (found) finish(found);
    });
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
