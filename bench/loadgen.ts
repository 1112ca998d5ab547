import { ChildProcess, fork } from "node:child_process";
import path from "node:path";
import type { BenchNode } from "./cluster";
import type { BenchPlayer } from "./population";
import type {
  ActionCounts,
  ClientSpec,
  FromLoadgen,
  PushChecks,
  SecondReport,
  ToLoadgen,
} from "./loadgenProtocol";

/**
 * The parent's side of the load generator: splits the connections over its
 * child processes, both transports and every front-end, and gathers their
 * reports. Connection i goes to front-end i mod F, over WebSocket when
 * floor(i / F) is even and TCP when odd; the first `active` connections
 * buy and trade.
 */
export class LoadGenerator {
  /** Every second reported by any child, in arrival order. */
  readonly seconds: (SecondReport & { loadgen: number })[] = [];
  private readonly children: ChildProcess[] = [];
  private readonly specs: ClientSpec[][];

  constructor(
    players: BenchPlayer[],
    frontends: BenchNode[],
    private readonly options: {
      processes: number;
      active: number;
      tickMs: number;
    },
  ) {
    live.add(this);
    const specs = players.map((player, i) => {
      const node = frontends[i % frontends.length];
      const transport =
        Math.floor(i / frontends.length) % 2 === 0 ? "ws" : "tcp";
      return {
        index: i,
        token: player.token,
        username: player.username,
        transport,
        endpoint: transport === "ws" ? node.wsUrl : node.tcpUrl,
        active: i < options.active,
      } satisfies ClientSpec;
    });
    this.specs = Array.from({ length: options.processes }, (_, p) =>
      specs.filter((_, i) => i % options.processes === p),
    );
  }

  /** Open connections in the newest report of each child. */
  get open(): number {
    const newest = new Map<number, number>();
    for (const report of this.seconds) newest.set(report.loadgen, report.open);
    return [...newest.values()].reduce((a, b) => a + b, 0);
  }

  /** Process ids of the children, for CPU figures. */
  get pids(): number[] {
    return this.children.map((c) => c.pid!).filter(Boolean);
  }

  /**
   * Forks the children and opens every connection at `perSecond` in all;
   * `onProgress` hears the running totals. Resolves with how many opened.
   */
  async connect(
    perSecond: number,
    onProgress: (open: number, failed: number, total: number) => void,
  ): Promise<{ open: number; failed: number; errors: string[] }> {
    const script = path.join(__dirname, "loadgenWorker.js");
    const progress = this.specs.map(() => ({ open: 0, failed: 0 }));
    const total = this.specs.reduce((n, s) => n + s.length, 0);
    const done = this.specs.map((specs, p) => {
      const child = fork(script, [], {
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      this.children.push(child);
      child.on("message", (message: FromLoadgen) => {
        if (message.type === "second")
          this.seconds.push({ ...message.report, loadgen: p });
      });
      return new Promise<{ open: number; failed: number; errors: string[] }>(
        (resolve, reject) => {
          child.on("message", (message: FromLoadgen) => {
            if (message.type === "progress") {
              progress[p] = message;
              const sum = progress.reduce((a, b) => ({
                open: a.open + b.open,
                failed: a.failed + b.failed,
              }));
              onProgress(sum.open, sum.failed, total);
            } else if (message.type === "connected") resolve(message);
          });
          child.once("exit", (code) =>
            reject(new Error(`load generator exited with ${code}`)),
          );
          this.send(child, {
            type: "connect",
            clients: specs,
            perSecond: perSecond / this.specs.length,
            tickMs: this.options.tickMs,
          });
        },
      );
    });
    const results = await Promise.all(done);
    return {
      open: results.reduce((n, r) => n + r.open, 0),
      failed: results.reduce((n, r) => n + r.failed, 0),
      errors: results.flatMap((r) => r.errors),
    };
  }

  /** Starts the push checks' clock: silences count from now on. */
  mark(): void {
    for (const child of this.children) this.send(child, { type: "mark" });
  }

  /** Turns the active clients' buying and trading on or off. */
  setActive(on: boolean, actionsPerSecond: number, players: number): void {
    for (const child of this.children)
      this.send(child, { type: "active", on, actionsPerSecond, players });
  }

  /** Ends the push checks and returns them summed over the children. */
  async finish(): Promise<{ checks: PushChecks; actions: ActionCounts }> {
    const answers = await Promise.all(
      this.children.map((child) =>
        this.ask(child, { type: "finish" }, "finished"),
      ),
    );
    const checks = answers.map(
      (a) => (a as Extract<FromLoadgen, { type: "finished" }>).checks,
    );
    const actions = answers.map(
      (a) => (a as Extract<FromLoadgen, { type: "finished" }>).actions,
    );
    return { checks: sumChecks(checks), actions: sumActions(actions) };
  }

  /** Closes every connection and ends the children. */
  async close(): Promise<void> {
    await Promise.all(
      this.children.map(async (child) => {
        if (child.exitCode === null)
          await this.ask(child, { type: "close" }, "closed", 20_000).catch(
            () => undefined,
          );
        child.kill("SIGKILL");
      }),
    );
  }

  /** Kills the children at once (for exit handlers). */
  kill(): void {
    for (const child of this.children) child.kill("SIGKILL");
    live.delete(this);
  }

  private ask(
    child: ChildProcess,
    message: ToLoadgen,
    answer: FromLoadgen["type"],
    timeoutMs = 30_000,
  ) {
    return new Promise<FromLoadgen>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`load generator did not answer ${message.type}`)),
        timeoutMs,
      );
      const listener = (reply: FromLoadgen) => {
        if (reply.type !== answer) return;
        clearTimeout(timer);
        child.off("message", listener);
        resolve(reply);
      };
      child.on("message", listener);
      this.send(child, message);
    });
  }

  private send(child: ChildProcess, message: ToLoadgen) {
    if (child.connected) child.send(message);
  }
}

/** Every load generator of this process not yet killed. */
const live = new Set<LoadGenerator>();

/** Kills every load generator's children at once (for exit handlers). */
export function killAllLoadgens(): void {
  for (const loadgen of live) loadgen.kill();
}

function sumChecks(list: PushChecks[]): PushChecks {
  return list.reduce((a, b) => ({
    pushes: a.pushes + b.pushes,
    outOfOrder: a.outOfOrder + b.outOfOrder,
    duplicates: a.duplicates + b.duplicates,
    unpushedActions: a.unpushedActions + b.unpushedActions,
    resyncGaps: a.resyncGaps + b.resyncGaps,
    reconnects: a.reconnects + b.reconnects,
    disconnects: a.disconnects + b.disconnects,
    stalledConnections: a.stalledConnections + b.stalledConnections,
    maxSilenceMs: Math.max(a.maxSilenceMs, b.maxSilenceMs),
  }));
}

/** Sums action outcomes (also used for per-second reports). */
export function sumActions(list: ActionCounts[]): ActionCounts {
  const total: ActionCounts = {
    ok: 0,
    refused: {},
    replays: 0,
    replayMismatches: 0,
  };
  for (const counts of list) {
    total.ok += counts.ok;
    total.replays += counts.replays;
    total.replayMismatches += counts.replayMismatches;
    for (const [code, n] of Object.entries(counts.refused))
      total.refused[code] = (total.refused[code] ?? 0) + n;
  }
  return total;
}
