import { settings } from "../../src/settings";
import { adminToken, send, useTestNode } from "../support/api";
import { signupPlayer } from "../support/http";

describe("Action: ledger", () => {
  const node = useTestNode();
  let token: string;

  const ledger = (query = "", as = token) =>
    send(node().baseUrl, "GET", `/api/ledger${query}`, { token: as });
  const grantTo = (username: string, amount: number) =>
    send(node().baseUrl, "POST", "/api/admin/grants", {
      token: adminToken(),
      body: { username, amount, reason: `gift ${amount}` },
    });

  beforeEach(async () => {
    ({ token } = await signupPlayer(node().baseUrl, "ada"));
  });

  test("lists entries newest first with the contract's fields", async () => {
    await grantTo("ada", 7);
    const reply = await ledger();

    expect(reply.status).toBe(200);
    const grant = settings().SIGNUP_GRANT;
    expect(reply.body.entries).toEqual([
      {
        id: expect.any(Number),
        kind: "grant",
        amount: 7,
        balanceAfter: grant + 7,
        version: expect.any(Number),
        createdAt: expect.any(Number),
        ref: { reason: "gift 7" },
      },
      {
        id: expect.any(Number),
        kind: "signup_grant",
        amount: grant,
        balanceAfter: grant,
        version: expect.any(Number),
        createdAt: expect.any(Number),
        ref: {},
      },
    ]);
    const [newer, older] = reply.body.entries;
    expect(newer.id).toBeGreaterThan(older.id);
    expect(newer.version).toBeGreaterThan(older.version);
  });

  test("pages with limit and before without gaps or repeats", async () => {
    for (let amount = 1; amount <= 8; amount++) await grantTo("ada", amount);
    const all = (await ledger("?limit=200")).body.entries;
    expect(all).toHaveLength(9);

    const paged: Array<{ id: number }> = [];
    let page = (await ledger("?limit=4")).body.entries;
    while (page.length > 0) {
      expect(page.length).toBeLessThanOrEqual(4);
      paged.push(...page);
      page = (await ledger(`?limit=4&before=${page.at(-1).id}`)).body.entries;
    }
    expect(paged).toEqual(all);
    const ids = all.map((entry: { id: number }) => entry.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  test("answers 50 entries when no limit is given", async () => {
    for (let amount = 1; amount <= 55; amount++) await grantTo("ada", amount);
    const reply = await ledger();
    expect(reply.body.entries).toHaveLength(50);
    expect(reply.body.entries[0].amount).toBe(55);
  });

  test("shows only the caller's entries", async () => {
    const bob = await signupPlayer(node().baseUrl, "bob");
    await grantTo("bob", 5);
    const mine = (await ledger()).body.entries;
    const newestOfBob = (await ledger("", bob.token)).body.entries[0];

    expect(mine).toHaveLength(1);
    expect(mine[0].kind).toBe("signup_grant");
    const past = await ledger(`?before=${newestOfBob.id + 1}`);
    expect(past.body.entries.map((e: { id: number }) => e.id)).toEqual([
      mine[0].id,
    ]);
  });

  test("answers an empty page before the oldest entry", async () => {
    const [oldest] = (await ledger()).body.entries;
    const reply = await ledger(`?before=${oldest.id}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ entries: [] });
  });

  test("answers 401 UNAUTHENTICATED without a token", async () => {
    const reply = await send(node().baseUrl, "GET", "/api/ledger");
    expect(reply.status).toBe(401);
    expect(reply.body.error.code).toBe("UNAUTHENTICATED");
  });
});
