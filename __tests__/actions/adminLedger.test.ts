import {
  adminToken,
  describeAdminAccess,
  send,
  useTestNode,
} from "../support/api";
import { signupPlayer } from "../support/http";

describe("Action: adminLedger", () => {
  const node = useTestNode();
  const ledgerOf = (query: string) =>
    send(node().baseUrl, "GET", `/api/admin/ledger${query}`, {
      token: adminToken(),
    });

  describeAdminAccess(node, "GET", "/api/admin/ledger?username=nosy_player");

  test("answers a player's entries newest first, like their own ledger", async () => {
    const ada = await signupPlayer(node().baseUrl, "ada");
    await send(node().baseUrl, "POST", "/api/purchases", {
      token: ada.token,
      body: { itemId: 1 },
    });
    const operator = await ledgerOf("?username=ADA");
    const own = await send(node().baseUrl, "GET", "/api/ledger", {
      token: ada.token,
    });

    expect(operator.status).toBe(200);
    expect(operator.body.entries.map((e: { kind: string }) => e.kind)).toEqual([
      "purchase",
      "signup_grant",
    ]);
    expect(operator.body).toEqual(own.body);
  });

  test("pages with limit and before", async () => {
    const bo = await signupPlayer(node().baseUrl, "bob");
    for (let i = 0; i < 3; i++) {
      await send(node().baseUrl, "POST", "/api/purchases", {
        token: bo.token,
        body: { itemId: 1, quantity: 1 },
      });
    }
    const first = await ledgerOf("?username=bob&limit=2");
    const next = await ledgerOf(
      `?username=bob&limit=2&before=${first.body.entries[1].id}`,
    );
    expect(first.body.entries).toHaveLength(2);
    expect(next.body.entries[0].id).toBeLessThan(first.body.entries[1].id);
  });
});
