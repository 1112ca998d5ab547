import { WebSocket } from "ws";
import { call, signupPlayer, sleep } from "../support/http";
import { NodeProcess, spawnFreshNode } from "../support/nodeProcess";
import { openRawTcp } from "../support/rawTcp";

/** Waits until `done()` holds, failing after `timeoutMs`. */
async function waitFor(done: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms`);
    await sleep(20);
  }
}

describe("Server: liveness", () => {
  let node: NodeProcess;

  beforeAll(async () => {
    node = await spawnFreshNode({
      env: {
        WS_PING_MS: "1000",
        TCP_IDLE_MS: "1500",
        SESSION_CHECK_MS: "1000",
      },
    });
  }, 90_000);
  afterAll(() => node?.stop());

  test("drops a WebSocket peer that stops answering pings", async () => {
    const ws = new WebSocket(node.wsUrl, { autoPong: false });
    const closed = new Promise<number>((resolve) =>
      ws.once("close", (code) => resolve(code)),
    );
    await new Promise((resolve) => ws.once("open", resolve));
    const started = Date.now();
    await closed;
    expect(Date.now() - started).toBeLessThan(4000);
  });

  test("keeps a WebSocket peer that answers pings", async () => {
    const ws = new WebSocket(node.wsUrl);
    await new Promise((resolve) => ws.once("open", resolve));
    await sleep(3500);
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.terminate();
  });

  test("closes a TCP connection that sends nothing for TCP_IDLE_MS", async () => {
    const tcp = await openRawTcp(node.tcpPort);
    const started = Date.now();
    await tcp.closed;
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  test("signs a socket out when its session is logged out elsewhere", async () => {
    const player = await signupPlayer(node.baseUrl, "live_lou");
    const ws = new WebSocket(node.wsUrl);
    const events: any[] = [];
    ws.on("message", (raw) => events.push(JSON.parse(raw.toString())));
    await new Promise((resolve) => ws.once("open", resolve));
    ws.send(
      JSON.stringify({
        id: 1,
        action: "authenticate",
        params: { token: player.token },
      }),
    );
    await waitFor(() => events.some((e) => e.event === "state"));

    await call(node.baseUrl, "POST", "/api/logout", { token: player.token });
    // SESSION_CHECK_MS is 1 s; allow for a loaded machine.
    await waitFor(() => events.some((e) => e.event === "signedOut"), 5000);
    ws.send(JSON.stringify({ id: 2, action: "me" }));
    await waitFor(() => events.some((e) => e.id === 2));
    expect(events.find((e) => e.id === 2)?.error?.code).toBe("UNAUTHENTICATED");
    // Out of the player's room: a grant is no longer pushed here.
    const pushesBefore = events.filter((e) => e.event === "state").length;
    await call(node.baseUrl, "POST", "/api/admin/grants", {
      token: process.env.ADMIN_TOKEN,
      body: { username: "live_lou", amount: 5, reason: "test" },
    });
    await sleep(300);
    expect(events.filter((e) => e.event === "state").length).toBe(pushesBefore);
    ws.terminate();
  });
});
