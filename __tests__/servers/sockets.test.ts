import { AccrueClient } from "../../src/sdk";
import { PlayerState } from "../../src/game/state";
import { openTestDb, openTestRedis, truncateAll } from "../support/db";
import { call, signupPlayer, sleep } from "../support/http";
import { NodeProcess, spawnNode } from "../support/nodeProcess";
import { Db } from "../../src/store/db";

const TICK_MS = 300;

describe("Server: ws and tcp pushes", () => {
  let db: Db;
  let node: NodeProcess;
  const clients: AccrueClient[] = [];

  beforeAll(async () => {
    db = await openTestDb();
    await truncateAll(db);
    // A node an earlier file killed may still hold the tick lease in this
    // worker's Redis db for a few seconds: start from an empty one.
    await (await openTestRedis()).quit();
    node = await spawnNode({ env: { TICK_MS: String(TICK_MS) } });
  }, 90_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await node?.stop();
    await db.close();
  });

  async function connect(
    transport: "ws" | "tcp",
    token: string,
  ): Promise<AccrueClient> {
    const endpoint =
      transport === "ws" ? node.wsUrl : `tcp://127.0.0.1:${node.tcpPort}`;
    const client = new AccrueClient({
      transport,
      endpoints: [endpoint],
      token,
      reconnect: false,
    });
    const states: PlayerState[] = [];
    client.on("state", (state) => states.push(state));
    (client as AccrueClient & { seen: PlayerState[] }).seen = states;
    clients.push(client);
    await client.connect();
    return client;
  }

  const seen = (client: AccrueClient) =>
    (client as AccrueClient & { seen: PlayerState[] }).seen;

  async function waitForVersion(
    client: AccrueClient,
    version: number,
    timeoutMs = 3000,
  ) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = seen(client).find((s) => s.version >= version);
      if (found) return found;
      await sleep(10);
    }
    throw new Error(
      `no state with version >= ${version}; saw ${JSON.stringify(seen(client))}`,
    );
  }

  test("signs in over WebSocket and TCP and pushes the snapshot at once", async () => {
    const ada = await signupPlayer(node.baseUrl, "snapshot_ada");
    const ws = await connect("ws", ada.token);
    const tcp = await connect("tcp", ada.token);
    const viaWs = await waitForVersion(ws, ada.state.version);
    const viaTcp = await waitForVersion(tcp, ada.state.version);
    expect(viaWs.balance).toBe(ada.state.balance);
    expect(viaTcp).toEqual(viaWs);
  });

  test("a purchase over HTTP pushes the new state to a WebSocket and a TCP connection", async () => {
    const bea = await signupPlayer(node.baseUrl, "buyer_bea");
    const ws = await connect("ws", bea.token);
    const tcp = await connect("tcp", bea.token);
    await waitForVersion(ws, bea.state.version);
    const bought = await call(node.baseUrl, "POST", "/api/purchases", {
      token: bea.token,
      body: { itemId: 1, quantity: 2 },
    });
    expect(bought.status).toBe(200);
    const pushedWs = await waitForVersion(ws, bought.body.state.version, 1000);
    const pushedTcp = await waitForVersion(
      tcp,
      bought.body.state.version,
      1000,
    );
    expect(pushedWs.incomePerSecond).toBe(2);
    expect(pushedTcp.incomePerSecond).toBe(2);
  });

  test("a transfer pushes to sender and receiver", async () => {
    const from = await signupPlayer(node.baseUrl, "sender_sam");
    const to = await signupPlayer(node.baseUrl, "receiver_rae");
    const fromWs = await connect("ws", from.token);
    const toTcp = await connect("tcp", to.token);
    await waitForVersion(toTcp, to.state.version);
    const sent = await call(node.baseUrl, "POST", "/api/transfers", {
      token: from.token,
      body: { to: "receiver_rae", amount: 30 },
    });
    expect(sent.status).toBe(200);
    expect(
      (await waitForVersion(fromWs, sent.body.state.version, 1000)).balance,
    ).toBe(70);
    const received = await waitForVersion(toTcp, to.state.version + 1, 1000);
    expect(received.balance).toBe(130);
  });

  test("ticks push once per period with strictly rising versions", async () => {
    const earner = await signupPlayer(node.baseUrl, "earner_eve");
    // At least one whole unit per period, so every tick changes the balance.
    await call(node.baseUrl, "POST", "/api/admin/grants", {
      token: process.env.ADMIN_TOKEN,
      body: { username: "earner_eve", amount: 800, reason: "test" },
    });
    await call(node.baseUrl, "POST", "/api/purchases", {
      token: earner.token,
      body: { itemId: 2, quantity: 2 },
    });
    const ws = await connect("ws", earner.token);
    await sleep(200);
    const before = seen(ws).length;
    await sleep(TICK_MS * 10);
    const pushes = seen(ws).slice(before);
    const versions = seen(ws).map((s) => s.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    // 10 periods: one push each, give or take the edges of the window.
    expect(pushes.length).toBeGreaterThanOrEqual(8);
    expect(pushes.length).toBeLessThanOrEqual(11);
  });

  test("a grant reaches an offline player's next snapshot", async () => {
    const off = await signupPlayer(node.baseUrl, "offline_olu");
    const granted = await call(node.baseUrl, "POST", "/api/admin/grants", {
      token: process.env.ADMIN_TOKEN,
      body: { username: "offline_olu", amount: 777, reason: "test" },
    });
    expect(granted.status).toBe(200);
    const tcp = await connect("tcp", off.token);
    const snapshot = await waitForVersion(tcp, granted.body.state.version);
    expect(snapshot.balance).toBe(100 + 777);
  });

  test("resync lists the entries missed since a version", async () => {
    const rio = await signupPlayer(node.baseUrl, "resync_rio");
    await call(node.baseUrl, "POST", "/api/purchases", {
      token: rio.token,
      body: { itemId: 1 },
    });
    const tcp = await connect("tcp", rio.token);
    const answer = (await tcp.call("resync", {
      sinceVersion: rio.state.version,
    })) as {
      entries: Array<{ kind: string }>;
      complete: boolean;
    };
    expect(answer.complete).toBe(true);
    expect(answer.entries.map((e) => e.kind)).toEqual(["purchase"]);
  });

  test("joining another player's room is FORBIDDEN", async () => {
    const a = await signupPlayer(node.baseUrl, "room_ann");
    const b = await signupPlayer(node.baseUrl, "room_ben");
    const ws = await connect("ws", a.token);
    await expect(
      ws.call("roomJoin", { room: `player:${b.playerId}` }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      ws.call("roomJoin", { room: "nowhere" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      ws.call("say", { room: "global", message: "hi" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  test("a say in global reaches another client, the sender included", async () => {
    const a = await signupPlayer(node.baseUrl, "chat_cai");
    const b = await signupPlayer(node.baseUrl, "chat_cid");
    const ws = await connect("ws", a.token);
    const tcp = await connect("tcp", b.token);
    const heard: unknown[] = [];
    const heardBySender: unknown[] = [];
    tcp.on("say", (message) => heard.push(message));
    ws.on("say", (message) => heardBySender.push(message));
    await ws.call("roomJoin", { room: "global" });
    await tcp.call("roomJoin", { room: "global" });
    await ws.call("say", { room: "global", message: "hello there" });
    await sleep(300);
    expect(heard).toEqual([
      expect.objectContaining({
        room: "global",
        from: "chat_cai",
        message: "hello there",
      }),
    ]);
    expect(heardBySender).toHaveLength(1);
  });

  test("says over the per-connection rate are RATE_LIMITED", async () => {
    const a = await signupPlayer(node.baseUrl, "chat_fast");
    const ws = await connect("ws", a.token);
    await ws.call("roomJoin", { room: "global" });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        ws.call("say", { room: "global", message: `m${i}` }),
      ),
    );
    const limited = results.filter(
      (r) =>
        r.status === "rejected" &&
        (r.reason as { code: string }).code === "RATE_LIMITED",
    );
    expect(limited.length).toBeGreaterThanOrEqual(3);
  });
});
