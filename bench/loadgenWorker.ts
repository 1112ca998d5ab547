import { AccrueClient, AccrueError, PlayerState, StateMeta } from "../src/sdk";
import type {
  ActionCounts,
  ClientSpec,
  FromLoadgen,
  PushChecks,
  ToLoadgen,
} from "./loadgenProtocol";

/**
 * A load generator child process: opens its share of the bench's client
 * connections with the project's SDK, checks every state push, and runs
 * the money actions of its active clients. Driven by the parent over IPC
 * (bench/loadgenProtocol.ts); reports one `second` message a second.
 *
 * Exits by itself when the parent goes away or after MAX_LIFETIME_MS.
 */

/** Hard stop of a child, whatever the parent does. */
const MAX_LIFETIME_MS = 60 * 60 * 1000;
/** How late a push may follow the reply of the action that caused it. */
const PUSH_GRACE_MS = 5000;
/** Silences longer than this many tick periods mark a stalled connection. */
const STALL_TICKS = 3;

let clients: Runner[] = [];
let tickMs = 1000;
let counting = false;
const second = {
  pushes: 0,
  latency: new Map<number, number>(),
  actions: emptyActions(),
};
const totalActions = emptyActions();

/** One client connection and what was checked on it. */
class Runner {
  readonly client: AccrueClient;
  lastPushVersion = 0;
  lastPushAt = 0;
  maxSilenceMs = 0;
  outOfOrder = 0;
  duplicates = 0;
  pushes = 0;
  gaps = 0;
  reconnects = 0;
  disconnects = 0;
  busy = false;
  nextActionAt = 0;
  seq = 0;
  last?: { action: string; params: Record<string, unknown>; id: unknown };
  /** Versions returned by own actions, waiting for a push that covers them. */
  waiting: { version: number; at: number }[] = [];
  unpushed = 0;

  constructor(readonly spec: ClientSpec) {
    this.client = new AccrueClient({
      transport: spec.transport,
      endpoints: [spec.endpoint],
      token: spec.token,
      requestTimeoutMs: 30_000,
    });
    const onPush = (state: PlayerState, meta: StateMeta) =>
      meta.pushed && this.pushed(state, meta);
    this.client.on("state", onPush);
    this.client.on("stale", onPush);
    this.client.on("gap", () => (this.gaps += 1));
    this.client.on("reconnecting", () => (this.reconnects += 1));
    this.client.on("disconnected", () => (this.disconnects += 1));
    this.client.on("error", () => undefined);
  }

  /** Checks one push: versions strictly rise on a connection. */
  private pushed(state: PlayerState, meta: StateMeta) {
    const now = Date.now();
    this.pushes += 1;
    second.pushes += 1;
    if (meta.committedAt !== undefined) {
      const ms = Math.max(0, now - meta.committedAt);
      second.latency.set(ms, (second.latency.get(ms) ?? 0) + 1);
    }
    if (state.version < this.lastPushVersion) this.outOfOrder += 1;
    else if (state.version === this.lastPushVersion) this.duplicates += 1;
    else this.lastPushVersion = state.version;
    if (counting && this.lastPushAt > 0)
      this.maxSilenceMs = Math.max(this.maxSilenceMs, now - this.lastPushAt);
    this.lastPushAt = now;
    this.waiting = this.waiting.filter((w) => w.version > this.lastPushVersion);
  }

  /** Sends one purchase or transfer, sometimes replaying the last key. */
  async act(players: number) {
    this.busy = true;
    try {
      const replay = this.last !== undefined && Math.random() < 0.05;
      const next = replay ? this.last! : this.pickAction(players);
      const data = await this.client.call<
        Record<string, { id?: number; version?: number }>
      >(next.action, next.params);
      const id = data[next.action]?.id;
      if (replay) {
        addReplay(next.id === id);
      } else {
        this.last = { ...next, id };
        countOk();
        const version = data.state?.version;
        if (typeof version === "number" && version > this.lastPushVersion)
          this.waiting.push({ version, at: Date.now() });
      }
    } catch (error) {
      countRefused(error instanceof AccrueError ? error.code : "EXCEPTION");
    } finally {
      this.busy = false;
    }
  }

  private pickAction(players: number) {
    this.seq += 1;
    const idempotencyKey = `k${this.spec.index}-${this.seq}`;
    if (Math.random() < 0.7)
      return {
        action: "purchase",
        params: { itemId: 1, quantity: 1, idempotencyKey },
        id: undefined,
      };
    let to = `bench${Math.floor(Math.random() * players)}`;
    if (to === this.spec.username)
      to = `bench${(Number(to.slice(5)) + 1) % players}`;
    return {
      action: "transfer",
      params: { to, amount: 1, idempotencyKey },
      id: undefined,
    };
  }

  /** Stops counting; tallies actions never covered by a push. */
  settleChecks(now: number) {
    if (this.lastPushAt > 0)
      this.maxSilenceMs = Math.max(this.maxSilenceMs, now - this.lastPushAt);
    this.unpushed += this.waiting.filter(
      (w) => now - w.at > PUSH_GRACE_MS,
    ).length;
    this.waiting = [];
  }
}

/** Sign-ins in flight at once per load generator: the ramp paces itself to the cluster. */
const CONNECT_WINDOW = 100;
/** How long one client may take to connect and sign in. */
const CONNECT_TIMEOUT_MS = 60_000;

/**
 * Opens the clients at up to `perSecond`, never more than CONNECT_WINDOW
 * waiting for their sign-in at once, reporting progress every 100 ms.
 */
async function connectAll(specs: ClientSpec[], perSecond: number) {
  const errors = new Set<string>();
  const counts = { open: 0, failed: 0, inFlight: 0 };
  const started = Date.now();
  const reporter = setInterval(
    () =>
      send({
        type: "progress",
        open: counts.open,
        failed: counts.failed,
        total: specs.length,
      }),
    100,
  );
  for (const [i, spec] of specs.entries()) {
    while (
      counts.inFlight >= CONNECT_WINDOW ||
      started + (i * 1000) / perSecond > Date.now()
    )
      await sleep(5);
    const runner = new Runner(spec);
    clients.push(runner);
    counts.inFlight += 1;
    void connectWithin(runner, CONNECT_TIMEOUT_MS).then((error) => {
      counts.inFlight -= 1;
      if (error === undefined) counts.open += 1;
      else {
        counts.failed += 1;
        errors.add(error.slice(0, 200));
      }
    });
  }
  while (counts.inFlight > 0) await sleep(20);
  clearInterval(reporter);
  send({
    type: "connected",
    open: counts.open,
    failed: counts.failed,
    errors: [...errors].slice(0, 5),
  });
}

/**
 * Resolves with undefined once the client is signed in, or with why not;
 * a client not in within `ms` is closed and counted as failed, so the ramp
 * ends even when the cluster cannot keep up.
 */
async function connectWithin(
  runner: Runner,
  ms: number,
): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`not signed in within ${ms} ms`), ms);
  });
  const connected = runner.client.connect().then(
    () => undefined,
    (error: Error) => error.message,
  );
  const outcome = await Promise.race([connected, timeout]);
  clearTimeout(timer);
  if (outcome !== undefined) await runner.client.close().catch(() => undefined);
  return outcome;
}

let actionTimer: NodeJS.Timeout | undefined;

/** Turns the active clients' money actions on or off. */
function setActive(on: boolean, actionsPerSecond: number, players: number) {
  clearInterval(actionTimer);
  if (!on) return;
  const gapMs = 1000 / actionsPerSecond;
  const now = Date.now();
  for (const runner of clients)
    runner.nextActionAt = now + Math.random() * gapMs;
  actionTimer = setInterval(() => {
    const at = Date.now();
    for (const runner of clients) {
      if (
        !runner.spec.active ||
        runner.busy ||
        runner.client.status !== "open" ||
        runner.nextActionAt > at
      )
        continue;
      runner.nextActionAt = at + gapMs * (0.5 + Math.random());
      void runner.act(players);
    }
  }, 20);
}

/** Starts counting silences between pushes from now. */
function mark() {
  const now = Date.now();
  for (const runner of clients) {
    runner.lastPushAt = now;
    runner.maxSilenceMs = 0;
  }
  counting = true;
}

function finish() {
  counting = false;
  const now = Date.now();
  const checks: PushChecks = {
    pushes: 0,
    outOfOrder: 0,
    duplicates: 0,
    unpushedActions: 0,
    resyncGaps: 0,
    reconnects: 0,
    disconnects: 0,
    stalledConnections: 0,
    maxSilenceMs: 0,
  };
  for (const r of clients) {
    r.settleChecks(now);
    checks.pushes += r.pushes;
    checks.outOfOrder += r.outOfOrder;
    checks.duplicates += r.duplicates;
    checks.unpushedActions += r.unpushed;
    checks.resyncGaps += r.gaps;
    checks.reconnects += r.reconnects;
    checks.disconnects += r.disconnects;
    if (r.maxSilenceMs > STALL_TICKS * tickMs) checks.stalledConnections += 1;
    checks.maxSilenceMs = Math.max(checks.maxSilenceMs, r.maxSilenceMs);
  }
  send({ type: "finished", checks, actions: totalActions });
}

async function closeAll() {
  clearInterval(actionTimer);
  await Promise.all(
    clients.map((r) => r.client.close().catch(() => undefined)),
  );
  clients = [];
  send({ type: "closed" });
}

function reportSecond() {
  const open = clients.reduce(
    (n, r) => n + (r.client.status === "open" ? 1 : 0),
    0,
  );
  const report = {
    at: Date.now(),
    open,
    pushes: second.pushes,
    latency: [...second.latency],
    actions: second.actions,
  };
  second.pushes = 0;
  second.latency = new Map();
  second.actions = emptyActions();
  send({ type: "second", report });
}

function countOk() {
  second.actions.ok += 1;
  totalActions.ok += 1;
}

function countRefused(code: string) {
  for (const counts of [second.actions, totalActions])
    counts.refused[code] = (counts.refused[code] ?? 0) + 1;
}

function addReplay(same: boolean) {
  for (const counts of [second.actions, totalActions]) {
    counts.replays += 1;
    if (!same) counts.replayMismatches += 1;
  }
}

function emptyActions(): ActionCounts {
  return { ok: 0, refused: {}, replays: 0, replayMismatches: 0 };
}

function send(message: FromLoadgen) {
  process.send?.(message);
}

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

process.on("message", (message: ToLoadgen) => {
  if (message.type === "connect") {
    tickMs = message.tickMs;
    void connectAll(message.clients, message.perSecond);
  } else if (message.type === "active")
    setActive(message.on, message.actionsPerSecond, message.players);
  else if (message.type === "mark") mark();
  else if (message.type === "finish") finish();
  else if (message.type === "close") void closeAll();
});
process.on("disconnect", () => process.exit(0));
setInterval(reportSecond, 1000);
setTimeout(() => process.exit(0), MAX_LIFETIME_MS).unref();
