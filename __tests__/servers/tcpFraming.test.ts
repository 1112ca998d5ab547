import { signupPlayer, sleep } from "../support/http";
import { NodeProcess, spawnFreshNode } from "../support/nodeProcess";
import { openRawTcp } from "../support/rawTcp";

describe("Server: tcp framing", () => {
  let node: NodeProcess;

  beforeAll(async () => {
    node = await spawnFreshNode();
  }, 90_000);
  afterAll(() => node?.stop());

  test("answers two requests sent in one packet", async () => {
    const tcp = await openRawTcp(node.tcpPort);
    tcp.send(
      '{"id":1,"action":"items"}\n{"id":2,"action":"items","params":{}}\n',
    );
    await tcp.waitFor((l) => l.id === 1 && l.ok);
    await tcp.waitFor((l) => l.id === 2 && l.ok);
    tcp.socket.destroy();
  });

  test("joins one request split over three packets", async () => {
    const tcp = await openRawTcp(node.tcpPort);
    tcp.send('{"id":"sp');
    await sleep(30);
    tcp.send('lit","action":"it');
    await sleep(30);
    tcp.send('ems"}\r\n');
    const reply = await tcp.waitFor((l) => l.id === "split");
    expect(reply.ok).toBe(true);
    expect(reply.data.items.length).toBeGreaterThanOrEqual(6);
    tcp.socket.destroy();
  });

  test("accepts a request split at every byte", async () => {
    const tcp = await openRawTcp(node.tcpPort);
    for (const byte of Buffer.from('{"id":"bytes","action":"items"}\n')) {
      tcp.send(Buffer.from([byte]));
    }
    expect((await tcp.waitFor((l) => l.id === "bytes")).ok).toBe(true);
    tcp.socket.destroy();
  });

  test("answers invalid JSON with BAD_REQUEST and stays usable", async () => {
    const tcp = await openRawTcp(node.tcpPort);
    tcp.send("this is not json\n");
    const bad = await tcp.waitFor((l) => l.ok === false);
    expect(bad.error.code).toBe("BAD_REQUEST");
    tcp.send(Buffer.concat([Buffer.from([0xff, 0xfe, 0x0a])]));
    await tcp.waitFor((l) => l.ok === false && /UTF-8/.test(l.error.message));
    tcp.send('{"id":7,"action":"nope"}\n{"id":8,"action":"items","extra":1}\n');
    expect((await tcp.waitFor((l) => l.id === 7)).error.code).toBe("NOT_FOUND");
    expect((await tcp.waitFor((l) => l.id === 8)).error.code).toBe(
      "BAD_REQUEST",
    );
    tcp.send('{"id":9,"action":"items"}\n');
    expect((await tcp.waitFor((l) => l.id === 9)).ok).toBe(true);
    tcp.socket.destroy();
  });

  test("refuses a 70 KiB line and closes the connection", async () => {
    const tcp = await openRawTcp(node.tcpPort);
    tcp.send(
      `{"id":1,"action":"items","params":{"pad":"${"x".repeat(70 * 1024)}"}}\n`,
    );
    const refused = await tcp.waitFor((l) => l.ok === false);
    expect(refused.error.code).toBe("TOO_LARGE");
    await tcp.closed;
  });

  test("keeps bad params from a signed-in player a VALIDATION_FAILED", async () => {
    const player = await signupPlayer(node.baseUrl, "framing_fay");
    const tcp = await openRawTcp(node.tcpPort);
    tcp.send(
      JSON.stringify({
        id: "auth",
        action: "authenticate",
        params: { token: player.token },
      }) + "\n",
    );
    await tcp.waitFor((l) => l.id === "auth" && l.ok);
    await tcp.waitFor((l) => l.event === "state");
    tcp.send(
      '{"id":"q","action":"purchase","params":{"itemId":1,"quantity":"10"}}\n',
    );
    const reply = await tcp.waitFor((l) => l.id === "q");
    expect(reply.error).toEqual({
      code: "VALIDATION_FAILED",
      message: expect.stringContaining("quantity"),
    });
    tcp.socket.destroy();
  });
});
