import {
  AccrueClient,
  AccrueClientOptions,
  AccrueError,
  PlayerState,
  SayMessage,
} from "../../src/sdk";
import {
  FakeServer,
  NO_REPLY,
  RecordedCall,
  Refusal,
  nextEvent,
  playerState,
} from "./fakeServer";

describe.each(["ws", "tcp"] as const)("SDK: AccrueClient over %s", (kind) => {
  let server: FakeServer;
  let client: AccrueClient | undefined;

  beforeEach(async () => {
    server = await FakeServer.start("node-a");
    server.handle("me", () => ({ state: playerState(1) }));
  });

  afterEach(async () => {
    await client?.close();
    client = undefined;
    await server.close();
  });

  function makeClient(options: Partial<AccrueClientOptions> = {}) {
    client = new AccrueClient({
      transport: kind,
      endpoints: [server.endpoint(kind)],
      backoff: { initialMs: 10, maxMs: 50, jitter: 0 },
      ...options,
    });
    return client;
  }

  test("resolves connect with the server's welcome", async () => {
    const sdk = makeClient();
    const welcome = await sdk.connect();

    expect(welcome).toMatchObject({
      nodeId: "node-a",
      connectionId: "node-a-1",
    });
    expect(sdk.status).toBe("open");
    expect(sdk.lastWelcome).toEqual(welcome);
  });

  test("resolves a call with the reply data", async () => {
    const sdk = makeClient();
    await sdk.connect();

    await expect(sdk.call("me")).resolves.toEqual({ state: playerState(1) });
  });

  test("sends increasing numeric ids with the params", async () => {
    const sdk = makeClient();
    await sdk.connect();
    await sdk.call("me", { a: 1 });
    await sdk.call("me", { a: 2 });

    const [first, second] = server.callsOf("me");
    expect(first).toMatchObject({ id: 1, params: { a: 1 } });
    expect(second).toMatchObject({ id: 2, params: { a: 2 } });
  });

  test("rejects a refused call with the server's code and message", async () => {
    server.handle("purchase", () => {
      throw new Refusal("INSUFFICIENT_FUNDS", "balance 10 is below cost 50");
    });
    const sdk = makeClient();
    await sdk.connect();

    const error = await sdk.call("purchase", { itemId: 1 }).catch((e) => e);
    expect(error).toBeInstanceOf(AccrueError);
    expect(error).toMatchObject({
      code: "INSUFFICIENT_FUNDS",
      message: "balance 10 is below cost 50",
    });
  });

  test("emits pushed states and drops a stale one", async () => {
    const sdk = makeClient();
    const seen: number[] = [];
    sdk.on("state", (state) => seen.push(state.version));
    await sdk.connect();
    const peer = await server.onlyPeer();

    const last = nextEvent<PlayerState>(sdk, "state", (s) => s.version === 6);
    for (const version of [5, 4, 5, 6])
      peer.push("state", playerState(version));
    await last;

    expect(seen).toEqual([5, 6]);
    expect(sdk.lastVersion).toBe(6);
    expect(sdk.state).toEqual(playerState(6));
  });

  test("keeps the token from login and forgets it at logout", async () => {
    server.handle("login", () => ({
      player: { id: 7, username: "ada" },
      token: "tok-1",
      state: playerState(3),
    }));
    server.handle("logout", () => ({}));
    const sdk = makeClient();
    await sdk.connect();

    const result = await sdk.login("ada", "password1");
    expect(result.token).toBe("tok-1");
    expect(sdk.token).toBe("tok-1");
    expect(sdk.lastVersion).toBe(3);

    await sdk.logout();
    expect(sdk.token).toBeUndefined();
    expect(sdk.state).toBeUndefined();
  });

  test("signs in with the token option before connect resolves", async () => {
    server.handle("authenticate", () => ({ state: playerState(4) }));
    const sdk = makeClient({ token: "tok-9" });

    await sdk.connect();

    expect(server.callsOf("authenticate")[0].params).toEqual({
      token: "tok-9",
    });
    expect(sdk.lastVersion).toBe(4);
  });

  test("forgets a refused token and still connects", async () => {
    server.handle("authenticate", () => {
      throw new Refusal("UNAUTHENTICATED");
    });
    const sdk = makeClient({ token: "expired" });
    const errors: AccrueError[] = [];
    sdk.on("error", (error) => errors.push(error as AccrueError));

    await sdk.connect();

    expect(sdk.token).toBeUndefined();
    expect(errors.map((e) => e.code)).toEqual(["UNAUTHENTICATED"]);
  });

  test("emits room messages as say", async () => {
    const sdk = makeClient();
    await sdk.connect();
    const message = { room: "global", from: "ada", message: "hi", sentAt: 1 };

    const heard = nextEvent<SayMessage>(sdk, "say");
    (await server.onlyPeer()).push("say", message);

    await expect(heard).resolves.toEqual(message);
  });

  test("rejects a call with TIMEOUT when no reply comes", async () => {
    server.handle("me", () => NO_REPLY);
    const sdk = makeClient({ requestTimeoutMs: 100 });
    await sdk.connect();

    await expect(sdk.call("me")).rejects.toMatchObject({ code: "TIMEOUT" });
    expect(sdk.status).toBe("open");
  });

  test("rejects pending calls with DISCONNECTED on close", async () => {
    server.handle("me", () => NO_REPLY);
    const sdk = makeClient();
    await sdk.connect();
    const pending = [sdk.call("me"), sdk.call("me")];
    await nextEvent(server, "call", () => server.calls.length === 2);

    const outcomes = Promise.allSettled(pending);
    await sdk.close();

    for (const outcome of await outcomes) {
      expect(outcome).toMatchObject({ reason: { code: "DISCONNECTED" } });
    }
    expect(sdk.status).toBe("closed");
    await expect(sdk.connect()).rejects.toMatchObject({ code: "DISCONNECTED" });
  });

  test("rejects a pending call with DISCONNECTED when the connection drops", async () => {
    server.handle("me", () => NO_REPLY);
    const sdk = makeClient({ reconnect: false });
    await sdk.connect();
    const pending = sdk.call("me");
    const call = await nextEvent<RecordedCall>(server, "call");
    const disconnected = nextEvent(sdk, "disconnected");

    call.peer.drop();

    await expect(pending).rejects.toMatchObject({ code: "DISCONNECTED" });
    await disconnected;
    expect(sdk.status).toBe("idle");
  });

  test("rejects a call before connect with DISCONNECTED", async () => {
    const sdk = makeClient();

    await expect(sdk.call("me")).rejects.toMatchObject({
      code: "DISCONNECTED",
    });
  });

  test("rejects an oversized request with TOO_LARGE without sending it", async () => {
    const sdk = makeClient({ maxMessageBytes: 200 });
    await sdk.connect();

    const big = { text: "x".repeat(300) };
    await expect(sdk.call("me", big)).rejects.toMatchObject({
      code: "TOO_LARGE",
    });
    await sdk.call("me");
    expect(server.callsOf("me")).toHaveLength(1);
  });

  test("reports an error reply without id on the error event", async () => {
    const sdk = makeClient();
    await sdk.connect();
    const error = nextEvent<AccrueError>(sdk, "error");

    const refusal = { code: "BAD_REQUEST", message: "expected json" };
    (await server.onlyPeer()).send({ ok: false, error: refusal });

    await expect(error).resolves.toMatchObject({ code: "BAD_REQUEST" });
  });
});
