import { readFileSync } from "node:fs";
import { WebSocket } from "ws";
import { makePlayersWithTokens } from "../support/directPlayers";
import { call, sleep } from "../support/http";
import { NodeProcess, spawnFreshNode } from "../support/nodeProcess";
import { openRawTcp } from "../support/rawTcp";

/** Resident memory of a process in bytes (Linux). */
function rss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

describe("Server: socket load and slow clients", () => {
  let node: NodeProcess;

  beforeAll(async () => {
    node = await spawnFreshNode({
      env: {
        TICK_MS: "500",
        SOCKET_MAX_BUFFERED_BYTES: String(256 * 1024),
        SLOW_CLIENT_MS: "2000",
      },
    });
  }, 90_000);
  afterAll(() => node?.stop());

  test("1,000 concurrent connections each receive their pushes", async () => {
    const players = await makePlayersWithTokens(1000, {
      prefix: "crowd",
      incomePerSecond: 10,
    });
    const received = new Map<number, number[]>();
    const sockets: Array<{ close(): void }> = [];
    await Promise.all(
      players.map(async (player, i) => {
        const versions: number[] = [];
        received.set(player.playerId, versions);
        const auth = JSON.stringify({
          id: 1,
          action: "authenticate",
          params: { token: player.token },
        });
        if (i % 2 === 0) {
          const tcp = await openRawTcp(node.tcpPort);
          tcp.socket.on("data", () => {
            for (const line of tcp.lines.splice(0))
              if (line.event === "state") versions.push(line.data.version);
          });
          tcp.send(auth + "\n");
          sockets.push({ close: () => tcp.socket.destroy() });
        } else {
          const ws = new WebSocket(node.wsUrl);
          ws.on("message", (raw) => {
            const message = JSON.parse(raw.toString());
            if (message.event === "welcome") ws.send(auth);
            if (message.event === "state") versions.push(message.data.version);
          });
          await new Promise((resolve, reject) =>
            ws.once("open", resolve).once("error", reject),
          );
          sockets.push({ close: () => ws.terminate() });
        }
      }),
    );
    await sleep(2500);
    try {
      const starved = players.filter(
        (p) => (received.get(p.playerId) ?? []).length < 3,
      );
      expect(starved).toEqual([]);
      for (const versions of received.values()) {
        expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
      }
    } finally {
      sockets.forEach((s) => s.close());
    }
  }, 60_000);

  test("a client that stops reading is disconnected and memory stays bounded", async () => {
    const [player] = await makePlayersWithTokens(1, {
      prefix: "slow",
      balance: 10_000_000,
    });
    // 200 ledger entries make each ledger reply about 30 KB.
    for (let i = 0; i < 200; i++) {
      await call(node.baseUrl, "POST", "/api/purchases", {
        token: player.token,
        body: { itemId: 1 },
      });
    }
    const before = rss(node.child.pid!);
    const tcp = await openRawTcp(node.tcpPort);
    tcp.send(
      JSON.stringify({
        id: 0,
        action: "authenticate",
        params: { token: player.token },
      }) + "\n",
    );
    await tcp.waitFor((l) => l.id === 0);
    tcp.socket.pause();

    let closed = false;
    void tcp.closed.then(() => (closed = true));
    const request =
      JSON.stringify({ id: 1, action: "ledger", params: { limit: 200 } }) +
      "\n";
    for (let second = 0; second < 20 && !closed; second++) {
      for (let i = 0; i < 90; i++) tcp.send(request);
      await sleep(1000);
    }
    expect(closed).toBe(true);
    expect(rss(node.child.pid!) - before).toBeLessThan(64 * 1024 * 1024);
    expect(node.output()).toMatch(/slow client disconnected/);
  }, 60_000);
});
