import Redis from "ioredis";
import { Db } from "../../src/store/db";
import { redisKeys } from "../../src/store/redisKeys";
import {
  ClusterRun,
  Peer,
  TICK_MS,
  grantVia,
  signupEarner,
  resetStores,
  signedInPeer,
  waitFor,
} from "../support/cluster";
import { openTestDb } from "../support/db";
import { call, signupPlayer, sleep } from "../support/http";
import { NodeProcess } from "../support/nodeProcess";

/**
 * Three front-ends (A, B, C) and one worker on this jest worker's Postgres
 * and Redis db. Pushes are counted on raw sockets, since the SDK drops
 * repeated versions by design and would hide a push sent twice.
 */
describe("Cluster: pushes across front-ends", () => {
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
    // Every front-end re-reads the live node list each second.
    await sleep(1200);
  }, 90_000);

  afterAll(async () => {
    await run.stopAll();
    redis?.disconnect();
    await db?.close();
  }, 30_000);

  test("a transfer made through B reaches a client on A within one second", async () => {
    const sender = await signupPlayer(b.baseUrl, "cross_sender");
    const receiver = await signupPlayer(a.baseUrl, "cross_receiver");
    const peer = run.track(await signedInPeer(a, "ws", receiver.token));

    const sentAt = Date.now();
    const sent = await call(b.baseUrl, "POST", "/api/transfers", {
      token: sender.token,
      body: { to: "cross_receiver", amount: 30 },
    });
    expect(sent.status).toBe(200);
    const pushed = await peer.waitFor(
      (m) => m.event === "state" && m.data.balance === 130,
      1000,
    );
    expect(Date.now() - sentAt).toBeLessThanOrEqual(1000);
    expect(pushed.data.version).toBeGreaterThan(receiver.state.version);
  });

  test("ticks from the worker reach clients on two front-ends every period", async () => {
    const onA = await signupEarner(a, "tick_on_a");
    const onB = await signupEarner(b, "tick_on_b");
    const peerA = run.track(await signedInPeer(a, "tcp", onA.token));
    const peerB = run.track(await signedInPeer(b, "ws", onB.token));

    await sleep(TICK_MS);
    const [fromA, fromB] = [peerA.states().length, peerB.states().length];
    await sleep(TICK_MS * 10);
    for (const [peer, from] of [
      [peerA, fromA],
      [peerB, fromB],
    ] as Array<[Peer, number]>) {
      const ticks = peer.states().slice(from);
      // 10 periods: one push each, give or take the edges of the window.
      expect(ticks.length).toBeGreaterThanOrEqual(8);
      expect(ticks.length).toBeLessThanOrEqual(11);
      const versions = peer.states().map((s) => s.version);
      expect(new Set(versions).size).toBe(versions.length);
      expect(versions).toEqual([...versions].sort((x, y) => x - y));
    }
  });

  test("a player on one of three front-ends gets exactly one push per change", async () => {
    const player = await signupPlayer(a.baseUrl, "one_push_only");
    const peer = run.track(await signedInPeer(c, "tcp", player.token));
    const channels = [a, b, c].map((n) => redisKeys.nodeChannel(n.nodeId));
    const published = await countPublished(channels, player.playerId);

    try {
      let balance = player.state.balance;
      for (const via of [a, b, c]) {
        const before = peer.states().length;
        const state = await grantVia(via, "one_push_only", 5);
        balance += 5;
        expect(state.balance).toBe(balance);
        await peer.waitFor(
          (m) => m.event === "state" && m.data.version === state.version,
          1000,
        );
        // Room for a second copy to arrive, if any node sent one.
        await sleep(500);
        expect(peer.states().slice(before)).toEqual([state]);
      }
      // Grants through A and B each cost one message, to C only; C's own
      // grant is delivered locally and costs none.
      expect(published.counts).toEqual({
        [channels[0]]: 0,
        [channels[1]]: 0,
        [channels[2]]: 2,
      });
    } finally {
      published.stop();
    }
  });

  test("a client that moves from A to B stays reachable after A's late disconnect", async () => {
    const mover = await signupPlayer(a.baseUrl, "node_mover");
    const onA = await signedInPeer(a, "ws", mover.token);
    const onB = run.track(await signedInPeer(b, "tcp", mover.token));
    const member = (node: NodeProcess) =>
      redis.sismember(redisKeys.online(node.nodeId), mover.playerId);
    await waitFor("presence on A and B", async () => {
      return (await member(a)) === 1 && (await member(b)) === 1;
    });

    // The old connection goes away after the new one is up.
    onA.close();
    await onA.closed;
    await waitFor("A to drop the player", async () => (await member(a)) === 0);
    expect(await member(b)).toBe(1);

    const state = await grantVia(c, "node_mover", 7);
    await onB.waitFor(
      (m) => m.event === "state" && m.data.version === state.version,
      1000,
    );
    // And still so after the next presence rewrites on both nodes.
    await sleep(1500);
    expect(await member(a)).toBe(0);
    expect(await member(b)).toBe(1);
    const later = await grantVia(a, "node_mover", 7);
    await onB.waitFor(
      (m) => m.event === "state" && m.data.version === later.version,
      1000,
    );
  });

  /**
   * Counts pub/sub messages on the given channels that carry a state of
   * the player (other players' ticks share the channels), until stopped.
   */
  async function countPublished(channels: string[], playerId: number) {
    const listener = new Redis(process.env.REDIS_URL!);
    const counts: Record<string, number> = Object.fromEntries(
      channels.map((channel) => [channel, 0]),
    );
    listener.on("message", (channel: string, payload: string) => {
      const { states } = JSON.parse(payload) as {
        states: Array<{ playerId: number }>;
      };
      if (states.some((state) => state.playerId === playerId))
        counts[channel] += 1;
    });
    await listener.subscribe(...channels);
    return { counts, stop: () => listener.disconnect() };
  }
});
