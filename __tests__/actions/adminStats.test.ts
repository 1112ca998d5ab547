import {
  adminToken,
  describeAdminAccess,
  send,
  useTestNode,
} from "../support/api";
import { signupPlayer, sleep } from "../support/http";

describe("Action: adminStats", () => {
  const node = useTestNode();
  const stats = () =>
    send(node().baseUrl, "GET", "/api/admin/stats", { token: adminToken() });

  describeAdminAccess(node, "GET", "/api/admin/stats");

  test("counts players, online players by node, and the last tick", async () => {
    await signupPlayer(node().baseUrl, "ada");
    await signupPlayer(node().baseUrl, "bob");
    let reply = await stats();
    const ready = () =>
      reply.body.tick?.lastAt !== null &&
      process.env.NODE_ID! in (reply.body.onlineByNode ?? {});
    // Each test's reset empties Redis; the node beats again within a third
    // of PRESENCE_TTL_MS (15 s by default, so 5 s).
    for (let i = 0; i < 80 && !ready(); i++) {
      await sleep(100);
      reply = await stats();
    }

    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      players: 3,
      online: 0,
      onlineByNode: { [process.env.NODE_ID!]: 0 },
      tick: {
        periodMs: Number(process.env.TICK_MS),
        lastDurationMs: expect.any(Number),
        lastSettled: expect.any(Number),
        lastAt: expect.any(Number),
      },
    });
    expect(Date.now() - reply.body.tick.lastAt).toBeLessThan(5000);
  });
});
