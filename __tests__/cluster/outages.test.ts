import Redis from "ioredis";
import { Db } from "../../src/store/db";
import { redisKeys } from "../../src/store/redisKeys";
import {
  ADMIN_TOKEN,
  ClusterRun,
  PRESENCE_TTL_MS,
  Peer,
  PrivateRedis,
  TICK_MS,
  TcpProxy,
  dbNowMs,
  grantVia,
  signupEarner,
  resetStores,
  signedInPeer,
  tickRows,
  waitFor,
} from "../support/cluster";
import { openTestDb } from "../support/db";
import { Reply, call, signupPlayer, sleep } from "../support/http";
import { NodeProcess } from "../support/nodeProcess";
import { ledgerSum, money } from "../support/players";

/**
 * How long after Redis is back pushes must flow again: the client's
 * reconnect backoff (at most 2 s) plus one presence rewrite and node list
 * refresh (PRESENCE_TTL_MS / 3, and 1 s), with room for a slow machine.
 */
const RECOVERY_MS = 2000 + PRESENCE_TTL_MS + 1000;

/**
 * Redis and Postgres going away under a running cluster of two front-ends
 * (F1 reaches Postgres through a proxy that can be cut) and one worker, on
 * a private Redis that is shut down and started again, empty, on its port.
 */
describe("Cluster: Redis and Postgres outages", () => {
  const run = new ClusterRun();
  let db: Db;
  let redis: PrivateRedis;
  let watcher: Redis;
  let proxy: TcpProxy;
  let f1: NodeProcess;
  let f2: NodeProcess;
  let earner: { token: string; playerId: number; rateFrom: any };
  let idler: { token: string; playerId: number };
  let sender: { token: string };
  let onF1: Peer;
  /** Units granted to the idle player so far, one per push check. */
  let granted = 0;

  beforeAll(async () => {
    db = await openTestDb();
    await resetStores(db);
    redis = await PrivateRedis.start();
    watcher = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    watcher.on("error", () => undefined);
    const pg = new URL(process.env.DATABASE_URL!);
    proxy = await TcpProxy.start({ host: pg.hostname, port: Number(pg.port) });
    const viaProxy = new URL(pg);
    viaProxy.host = `127.0.0.1:${proxy.port}`;

    const env = { REDIS_URL: redis.url };
    const cutOff = { ...env, DATABASE_URL: viaProxy.toString() };
    [f1, f2] = await Promise.all([
      run.start("frontend", cutOff),
      run.start("frontend", env),
      run.start("worker", cutOff),
    ]);
    earner = await signupEarner(f2, "outage_earner");
    idler = await signupPlayer(f2.baseUrl, "outage_idler");
    sender = await signupPlayer(f2.baseUrl, "outage_sender");
    await grantVia(f2, "outage_sender", 1000);
    onF1 = run.track(await signedInPeer(f1, "tcp", idler.token));
    run.track(await signedInPeer(f1, "ws", earner.token));
    await sleep(1200);
  }, 90_000);

  afterAll(async () => {
    await run.stopAll();
    watcher?.disconnect();
    await proxy?.close();
    await redis?.close();
    await db?.close();
  }, 30_000);

  test("pushes resume after Redis restarts empty, with no node restarted", async () => {
    await expectGrantPushed(onF1, 1000);

    await redis.down();
    for (const node of [f1, f2]) await expectStatus(node, 503, "redis");
    // Money still moves: only its push to another node waits for Redis.
    const during = await call(f2.baseUrl, "POST", "/api/transfers", {
      token: sender.token,
      body: { to: "outage_idler", amount: 10, idempotencyKey: "redis-down" },
    });
    expect(during.status).toBe(200);
    // Signing in needs Redis (failed-login counters): retry later, at once.
    const login = await timed(() =>
      call(f2.baseUrl, "POST", "/api/login", {
        body: { username: "outage_sender", password: "password123" },
      }),
    );
    expect({ status: login.status, code: login.body.error?.code }).toEqual({
      status: 503,
      code: "UNAVAILABLE",
    });
    // Long enough for every retry and pool timer to meet the outage.
    await sleep(2000);

    await redis.up();
    const upAt = Date.now();
    for (const node of [f1, f2])
      await waitFor(
        `${node.nodeId} status 200`,
        async () =>
          (await call(node.baseUrl, "GET", "/api/status")).status === 200,
        RECOVERY_MS,
        100,
      );
    await waitFor(
      "a grant on F2 to reach the client on F1",
      () => expectGrantPushed(onF1, 500).then(() => true),
      RECOVERY_MS,
      0,
    );
    expect(Date.now() - upAt).toBeLessThan(RECOVERY_MS);

    // Presence, heartbeats, the tick lease and ticks came back on their own.
    expect(await watcher.smembers(redisKeys.online(f1.nodeId))).toEqual(
      expect.arrayContaining([String(earner.playerId), String(idler.playerId)]),
    );
    await waitFor(
      "all three nodes heartbeating again",
      async () => (await admin(f2, "/api/admin/nodes")).nodes.length === 3,
      RECOVERY_MS,
      100,
    );
    expect(run.nodes.map((n) => n.child.exitCode)).toEqual([null, null, null]);
    const backMs = await dbNowMs(db);
    await waitFor(
      "a tick after Redis came back",
      async () => (await tickRows(db, backMs)).some((row) => row.finished),
      RECOVERY_MS,
      100,
    );
    expect(await watcher.llen("resque:failed")).toBe(0);
  }, 60_000);

  test("actions answer UNAVAILABLE while Postgres is cut off, and no money is lost or doubled", async () => {
    await proxy.cut();

    await expectStatus(f1, 503, "postgres");
    for (const attempt of [
      () => call(f1.baseUrl, "GET", "/api/me", { token: sender.token }),
      () =>
        call(f1.baseUrl, "POST", "/api/transfers", {
          token: sender.token,
          body: { to: "outage_idler", amount: 25, idempotencyKey: "pg-down" },
        }),
    ]) {
      const reply = await timed(attempt);
      expect(reply.body.error?.code).toBe("UNAVAILABLE");
      expect(reply.status).toBe(503);
    }
    const overSocket = await onF1.request("me", {}, 5000);
    expect(overSocket.error?.code).toBe("UNAVAILABLE");
    // The rest of the cluster is unaffected.
    expect((await call(f2.baseUrl, "GET", "/api/status")).status).toBe(200);

    const cutAt = await dbNowMs(db);
    await sleep(TICK_MS * 3);
    expect(await tickRows(db, cutAt)).toEqual([]);
    await proxy.restore();
    await waitFor(
      "F1 status 200",
      async () => (await call(f1.baseUrl, "GET", "/api/status")).status === 200,
      5000,
      100,
    );
    const retried = [];
    for (let i = 0; i < 2; i++)
      retried.push(
        await call(f1.baseUrl, "POST", "/api/transfers", {
          token: sender.token,
          body: { to: "outage_idler", amount: 25, idempotencyKey: "pg-down" },
        }),
      );
    expect(retried.map((r) => r.status)).toEqual([200, 200]);
    expect(retried[1].body.transfer).toEqual(retried[0].body.transfer);

    // Every unit is accounted for: signup grants, the grants, two transfers
    // of which each moved once, and the earner's income to the unit.
    const idle = await money(db, idler.playerId);
    expect(idle.balance).toBe(await ledgerSum(db, idler.playerId));
    expect(idle.balance).toBe(100 + granted + 10 + 25);
    const sent = await db.query<{ n: string }>(
      "SELECT count(*) AS n FROM ledger_entries WHERE kind = 'transfer_out'",
    );
    expect(Number(sent.rows[0].n)).toBe(2);
    // Ticks came back on their own, and the missed ones failed no job.
    await waitFor(
      "a tick after Postgres came back",
      async () => (await tickRows(db, cutAt)).some((row) => row.finished),
      5000,
      100,
    );
    expect(await watcher.llen("resque:failed")).toBe(0);
    const rich = await money(db, earner.playerId);
    const owed = Math.floor(
      (rich.rate * (rich.asOf - earner.rateFrom.asOf)) / 1000,
    );
    const booked = await ledgerSum(db, earner.playerId);
    expect(Math.abs(rich.balance - booked - owed)).toBeLessThanOrEqual(1);
  }, 60_000);

  /** Grants one unit to the idle player through F2 and waits for its push on F1. */
  async function expectGrantPushed(peer: Peer, withinMs: number) {
    const state = await grantVia(f2, "outage_idler", 1);
    granted += 1;
    await peer.waitFor(
      (m) => m.event === "state" && m.data.version === state.version,
      withinMs,
    );
  }

  /** Waits for a node's status to answer `status`, naming what is down. */
  async function expectStatus(node: NodeProcess, status: number, down: string) {
    const reply = await waitFor(
      `${node.nodeId} status ${status}`,
      async () => {
        const r = await timed(() => call(node.baseUrl, "GET", "/api/status"));
        return r.status === status ? r : undefined;
      },
      5000,
      100,
    );
    expect(reply.body.error).toEqual({
      code: "UNAVAILABLE",
      message: expect.stringContaining(down),
    });
  }

  function admin(node: NodeProcess, route: string) {
    return call(node.baseUrl, "GET", route, { token: ADMIN_TOKEN }).then(
      (r) => r.body,
    );
  }
});

/** Runs a request that must answer (not hang) within 5 s. */
async function timed(request: () => Promise<Reply>): Promise<Reply> {
  const startedAt = Date.now();
  const reply = await request();
  expect(Date.now() - startedAt).toBeLessThan(5000);
  return reply;
}
