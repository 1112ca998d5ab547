import net from "node:net";
import {
  AccrueClient,
  AccrueClientOptions,
  GapInfo,
  ReconnectingInfo,
  ResyncedInfo,
  Welcome,
} from "../../src/sdk";
import { FakeServer, nextEvent, playerState } from "./fakeServer";

/** Scripts a node that signs `ada` in and answers resync like the contract. */
function scriptGame(server: FakeServer, currentVersion: () => number): void {
  server.handle("login", () => ({
    player: { id: 7, username: "ada" },
    token: "tok-1",
    state: playerState(3),
  }));
  server.handle("authenticate", (_params, peer) => {
    // A real node pushes the state at once on sign-in, before the reply.
    peer.push("state", playerState(currentVersion()));
    return { state: playerState(currentVersion()) };
  });
  server.handle("resync", () => ({
    state: playerState(currentVersion()),
    entries: [{ id: 1, kind: "grant", amount: 5, version: 8 }],
    complete: true,
  }));
}

/** A loopback port with nothing listening, so connecting is refused. */
async function closedPort(): Promise<number> {
  const probe = net.createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => probe.once("listening", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe.each(["ws", "tcp"] as const)(
  "SDK: AccrueClient reconnect over %s",
  (kind) => {
    let servers: FakeServer[] = [];
    let client: AccrueClient | undefined;

    beforeEach(async () => {
      servers = [
        await FakeServer.start("node-a"),
        await FakeServer.start("node-b"),
      ];
    });

    afterEach(async () => {
      await client?.close();
      client = undefined;
      await Promise.all(servers.map((server) => server.close()));
    });

    function makeClient(options: Partial<AccrueClientOptions> = {}) {
      client = new AccrueClient({
        transport: kind,
        endpoints: servers.map((server) => server.endpoint(kind)),
        backoff: { initialMs: 10, maxMs: 50, jitter: 0 },
        ...options,
      });
      return client;
    }

    test("re-authenticates and resyncs from the version held before the drop", async () => {
      const [a, b] = servers;
      let version = 5;
      for (const server of servers) scriptGame(server, () => version);
      const sdk = makeClient();
      await sdk.connect();
      await sdk.login("ada", "password1");
      const pushed = nextEvent(sdk, "state");
      (await a.onlyPeer()).push("state", playerState(5));
      await pushed;

      const resynced = nextEvent<ResyncedInfo>(sdk, "resynced");
      const disconnected = nextEvent(sdk, "disconnected");
      version = 9;
      (await a.onlyPeer()).drop();

      await disconnected;
      const info = await resynced;
      expect(b.callsOf("authenticate")[0].params).toEqual({ token: "tok-1" });
      expect(b.callsOf("resync")[0].params).toEqual({ sinceVersion: 5 });
      expect(info).toMatchObject({ sinceVersion: 5, complete: true });
      expect(sdk.lastVersion).toBe(9);
    });

    test("moves to the next endpoint on a reconnect event", async () => {
      const [a] = servers;
      const sdk = makeClient();
      await sdk.connect();
      const reconnecting = nextEvent<ReconnectingInfo>(sdk, "reconnecting");
      const connected = nextEvent<Welcome>(sdk, "connected");

      a.drain("shutdown");

      await expect(reconnecting).resolves.toMatchObject({
        reason: "shutdown",
        attempt: 1,
        endpoint: servers[1].endpoint(kind),
      });
      await expect(connected).resolves.toMatchObject({ nodeId: "node-b" });
      expect(sdk.status).toBe("open");
    });

    test("emits gap when a resync comes back incomplete", async () => {
      for (const server of servers) scriptGame(server, () => 40);
      servers[1].handle("resync", () => ({
        state: playerState(40),
        entries: [],
        complete: false,
      }));
      const sdk = makeClient();
      await sdk.connect();
      await sdk.login("ada", "password1");

      const gap = nextEvent<GapInfo>(sdk, "gap");
      (await servers[0].onlyPeer()).drop();

      await expect(gap).resolves.toEqual({
        sinceVersion: 3,
        state: playerState(40),
      });
    });

    test("stops reconnecting after close", async () => {
      const [a, b] = servers;
      const sdk = makeClient({ backoff: { initialMs: 50, jitter: 0 } });
      await sdk.connect();
      const reconnecting = nextEvent(sdk, "reconnecting");

      (await a.onlyPeer()).drop();
      await reconnecting;
      await sdk.close();
      await new Promise((resolve) => setTimeout(resolve, 150));

      expect(a.accepted + b.accepted).toBe(1);
      expect(sdk.status).toBe("closed");
    });

    test("skips a node that sends no welcome in time", async () => {
      servers[0].sendWelcome = false;
      const sdk = makeClient({ requestTimeoutMs: 200 });

      await expect(sdk.connect()).resolves.toMatchObject({ nodeId: "node-b" });
    });

    test("rejects connect once every endpoint refused", async () => {
      const ports = [await closedPort(), await closedPort()];
      const endpoints = ports.map((port) =>
        kind === "ws" ? `ws://127.0.0.1:${port}/ws` : `tcp://127.0.0.1:${port}`,
      );
      const sdk = makeClient({ endpoints });
      const attempts: ReconnectingInfo[] = [];
      sdk.on("reconnecting", (info) => attempts.push(info));

      await expect(sdk.connect()).rejects.toMatchObject({
        code: "DISCONNECTED",
      });
      expect(attempts).toHaveLength(1);
      expect(sdk.status).toBe("idle");
    });
  },
);
