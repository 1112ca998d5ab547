/**
 * Messages between the bench (parent) and its load generator children
 * (bench/loadgenWorker.ts) over Node's IPC channel.
 */

/** One client connection a load generator opens. */
export interface ClientSpec {
  /** Index among all connections; names idempotency keys. */
  index: number;
  token: string;
  username: string;
  transport: "ws" | "tcp";
  /** `ws://127.0.0.1:PORT/ws` or `tcp://127.0.0.1:PORT`. */
  endpoint: string;
  /** Buys and trades while the active load is on. */
  active: boolean;
}

/** Parent to child. */
export type ToLoadgen =
  | {
      type: "connect";
      clients: ClientSpec[];
      perSecond: number;
      tickMs: number;
    }
  | { type: "active"; on: boolean; actionsPerSecond: number; players: number }
  | { type: "mark" }
  | { type: "finish" }
  | { type: "close" };

/** What the load generator saw in one second. */
export interface SecondReport {
  /** End of the second, ms since the epoch. */
  at: number;
  open: number;
  pushes: number;
  /** Push latency histogram: [ms, count]. */
  latency: [number, number][];
  actions: ActionCounts;
}

/** Outcomes of money actions sent by active clients. */
export interface ActionCounts {
  ok: number;
  /** Refused by the server, by error code. */
  refused: Record<string, number>;
  /** Replays of an idempotency key (same params) sent. */
  replays: number;
  /** Replays whose answer differed from the first (must be zero). */
  replayMismatches: number;
}

/** Per-connection push checks, summed over a load generator's clients. */
export interface PushChecks {
  /** State pushes received. */
  pushes: number;
  /** Pushes whose version was below the last pushed version on that connection. */
  outOfOrder: number;
  /** Pushes whose version equalled the last pushed version on that connection. */
  duplicates: number;
  /** Own money actions whose resulting version no push reached within 5 s. */
  unpushedActions: number;
  /** Resyncs answered `complete: false` (the SDK's `gap` event). */
  resyncGaps: number;
  reconnects: number;
  disconnects: number;
  /** Connections with a silence between pushes over 3 tick periods. */
  stalledConnections: number;
  /** Longest silence between two pushes on any connection, ms. */
  maxSilenceMs: number;
}

/** Child to parent. */
export type FromLoadgen =
  | { type: "progress"; open: number; failed: number; total: number }
  | { type: "connected"; open: number; failed: number; errors: string[] }
  | { type: "second"; report: SecondReport }
  | { type: "finished"; checks: PushChecks; actions: ActionCounts }
  | { type: "closed" };
