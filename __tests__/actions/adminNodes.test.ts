import {
  adminToken,
  describeAdminAccess,
  send,
  useTestNode,
} from "../support/api";
import { sleep } from "../support/http";

describe("Action: adminNodes", () => {
  const node = useTestNode();
  const nodes = () =>
    send(node().baseUrl, "GET", "/api/admin/nodes", { token: adminToken() });

  describeAdminAccess(node, "GET", "/api/admin/nodes");

  test("lists this node with its role, counts and heartbeat", async () => {
    // Each test's reset empties Redis; the node beats again within a third
    // of PRESENCE_TTL_MS (15 s by default, so 5 s).
    let reply = await nodes();
    for (let i = 0; i < 80 && reply.body.nodes?.length === 0; i++) {
      await sleep(100);
      reply = await nodes();
    }

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      nodes: [
        {
          id: process.env.NODE_ID,
          role: "all",
          connections: 0,
          players: 0,
          heartbeatAt: expect.any(Number),
          pushesPerSecond: 0,
        },
      ],
    });
    expect(Date.now() - reply.body.nodes[0].heartbeatAt).toBeLessThan(3000);
  });
});
