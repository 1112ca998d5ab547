import { AccrueClient, AccrueError, PlayerState } from "../../src/sdk";
import {
  FakeServer,
  NO_REPLY,
  RecordedCall,
  nextEvent,
  playerState,
} from "./fakeServer";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("SDK: AccrueClient TCP framing", () => {
  let server: FakeServer;
  let client: AccrueClient;

  beforeEach(async () => {
    server = await FakeServer.start();
    server.handle("echo", () => NO_REPLY);
    client = new AccrueClient({
      transport: "tcp",
      endpoints: [server.endpoint("tcp")],
    });
    await client.connect();
  });

  afterEach(async () => {
    await client.close();
    await server.close();
  });

  test("reassembles a reply split inside a multi-byte character", async () => {
    const reply = client.call("echo");
    const { peer } = await nextEvent<RecordedCall>(server, "call");
    const bytes = Buffer.from(
      `${JSON.stringify({ id: 1, ok: true, data: { text: "crédit €5" } })}\n`,
    );
    // Cut between the second and third byte of the euro sign.
    const cut = bytes.indexOf(Buffer.from("€")) + 2;

    await peer.writeRaw(bytes.subarray(0, cut));
    await pause(30);
    await peer.writeRaw(bytes.subarray(cut));

    await expect(reply).resolves.toEqual({ text: "crédit €5" });
  });

  test("reads a push and a reply sent in one write", async () => {
    const reply = client.call("echo");
    const { peer } = await nextEvent<RecordedCall>(server, "call");
    const state = nextEvent<PlayerState>(client, "state");
    const push = JSON.stringify({ event: "state", data: playerState(2) });
    const answer = JSON.stringify({ id: 1, ok: true, data: { n: 1 } });

    await peer.writeRaw(`${push}\n${answer}\n`);

    await expect(state).resolves.toEqual(playerState(2));
    await expect(reply).resolves.toEqual({ n: 1 });
  });

  test("reports a malformed line and keeps the connection", async () => {
    const peer = await server.onlyPeer();
    const error = nextEvent<AccrueError>(client, "error");

    await peer.writeRaw("not json\n[1,2]\n");

    await expect(error).resolves.toMatchObject({ code: "PROTOCOL" });
    server.handle("me", () => ({ ok: 1 }));
    await expect(client.call("me")).resolves.toEqual({ ok: 1 });
  });
});
