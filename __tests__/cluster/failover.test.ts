import Redis from "ioredis";
import { AccrueClient, PlayerState, Welcome } from "../../src/sdk";
import { Db } from "../../src/store/db";
import { redisKeys } from "../../src/store/redisKeys";
import {
  ClusterRun,
  PRESENCE_TTL_MS,
  admin,
  grantVia,
  resetStores,
  signedInPeer,
  waitFor,
} from "../support/cluster";
import { openTestDb } from "../support/db";
import { call, signupPlayer, sleep } from "../support/http";
import { NodeProcess } from "../support/nodeProcess";
import { ledgerSum } from "../support/players";

/**
 * Losing a front-end: killed outright (SIGKILL) its clients move to another
 * node and the cluster forgets it within the presence expiry; stopped with
 * SIGTERM it sends its clients away and exits cleanly.
 */
describe("Cluster: front-end failover", () => {
  const run = new ClusterRun();
  let db: Db;
  let redis: Redis;
  let a: NodeProcess;
  let b: NodeProcess;
  let c: NodeProcess;

  beforeAll(async () => {
    db = await openTestDb();
    await resetStores(db);
    redis = new Redis(process.env.REDIS_URL!);
    [a, b, c] = await run.startAll(["frontend", "frontend", "frontend"]);
    await run.start("worker");
  }, 90_000);

  afterAll(async () => {
    await run.stopAll();
    redis?.disconnect();
    await db?.close();
  }, 30_000);

  test("a client of a killed front-end reconnects to another with its token and gets the income owed", async () => {
    const player = await signupPlayer(a.baseUrl, "killed_node_kim");
    await grantVia(a, "killed_node_kim", 800);
    const bought = await call(a.baseUrl, "POST", "/api/purchases", {
      token: player.token,
      body: { itemId: 2, quantity: 2 },
    });
    expect(bought.status).toBe(200);
    const rateFrom: PlayerState = bought.body.state;

    const client = run.track(
      new AccrueClient({
        transport: "ws",
        endpoints: [a.wsUrl, b.wsUrl],
        token: player.token,
        backoff: { initialMs: 50, maxMs: 200, jitter: 0 },
      }),
    );
    const welcomes: Welcome[] = [];
    client.on("connected", (welcome) => welcomes.push(welcome));
    expect((await client.connect()).nodeId).toBe(a.nodeId);
    await waitFor("the first snapshot", () => client.state);
    await sleep(1200);
    const players = async (node: NodeProcess) =>
      redis.smembers(redisKeys.online(node.nodeId));
    expect(await players(a)).toEqual([String(player.playerId)]);

    const snapshots: PlayerState[] = [];
    const killedAt = Date.now();
    await a.stop("SIGKILL");
    // A's heartbeat and presence expire within PRESENCE_TTL_MS of the kill.
    for (const key of [redisKeys.node(a.nodeId), redisKeys.online(a.nodeId)]) {
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(PRESENCE_TTL_MS);
    }
    client.on("state", (state) => snapshots.push(state));
    await waitFor("a reconnect to B", () =>
      welcomes.find((w) => w.nodeId === b.nodeId),
    );
    const snapshot = await waitFor("a snapshot from B", () => snapshots[0]);

    // The snapshot is exact as of its asOf: the ledger's money plus the
    // income owed since the purchase set the rate.
    const owed = Math.floor(
      (rateFrom.incomePerSecond * (snapshot.asOf - rateFrom.asOf)) / 1000,
    );
    const booked = await ledgerSum(db, player.playerId);
    expect(snapshot.incomePerSecond).toBe(18);
    expect(Math.abs(snapshot.balance - (booked + owed))).toBeLessThanOrEqual(1);
    expect(await players(b)).toEqual([String(player.playerId)]);

    // So once that time has passed, A is out of the node list.
    await sleep(killedAt + PRESENCE_TTL_MS - Date.now());
    expect(await redis.exists(redisKeys.online(a.nodeId))).toBe(0);
    const { nodes } = await admin(b, "GET", "/api/admin/nodes");
    // The container health check sees the same: A down, B up.
    expect(await run.healthcheck(a)).toBe(1);
    expect(await run.healthcheck(b)).toBe(0);
    expect(nodes.map((n: { id: string }) => n.id).sort()).toEqual(
      run.nodes
        .filter((n) => n !== a)
        .map((n) => n.nodeId)
        .sort(),
    );
  });

  test("SIGTERM sends a front-end's clients away and exits 0 within 10 s", async () => {
    const player = await signupPlayer(c.baseUrl, "graceful_gus");
    const ws = run.track(await signedInPeer(c, "ws", player.token));
    const tcp = run.track(await signedInPeer(c, "tcp", player.token));
    await sleep(1200);
    expect(await redis.exists(redisKeys.online(c.nodeId))).toBe(1);

    const stoppedAt = Date.now();
    const code = await c.stop("SIGTERM", 10_000);
    const tookMs = Date.now() - stoppedAt;
    expect({ code, signal: c.child.signalCode }).toEqual({
      code: 0,
      signal: null,
    });
    expect(tookMs).toBeLessThan(10_000);

    for (const peer of [ws, tcp]) {
      await peer.closed;
      const last = peer.messages[peer.messages.length - 1];
      expect(last).toEqual({
        event: "reconnect",
        data: { reason: expect.any(String) },
      });
    }
    expect(await redis.exists(redisKeys.online(c.nodeId))).toBe(0);
    expect(await redis.exists(redisKeys.node(c.nodeId))).toBe(0);
  });
});
