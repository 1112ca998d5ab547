import { use } from "../../src/modules/runtime";
import { settings } from "../../src/settings";
import { dbSnapshot, expectError, send, useTestNode } from "../support/api";
import { signupPlayer } from "../support/http";

describe("Action: purchase", () => {
  const node = useTestNode();
  let token: string;
  let playerId: number;
  let cheapest: { id: number; cost: number; incomePerSecond: number };

  const buy = (body: object, as = token) =>
    send(node().baseUrl, "POST", "/api/purchases", { token: as, body });

  beforeEach(async () => {
    ({ token, playerId } = await signupPlayer(node().baseUrl, "buyer"));
    const items = await send(node().baseUrl, "GET", "/api/items");
    cheapest = items.body.items[0];
  });

  test("pays the cost and adds the income of one item", async () => {
    const reply = await buy({ itemId: cheapest.id });

    expect(reply.status).toBe(200);
    expect(reply.body.purchase).toEqual({
      id: expect.any(Number),
      itemId: cheapest.id,
      quantity: 1,
      cost: cheapest.cost,
      incomePerSecond: cheapest.incomePerSecond,
    });
    expect(reply.body.state).toMatchObject({
      playerId,
      balance: settings().SIGNUP_GRANT - cheapest.cost,
      incomePerSecond: cheapest.incomePerSecond,
    });
  });

  test("multiplies cost and income by the quantity", async () => {
    const quantity = Math.floor(settings().SIGNUP_GRANT / cheapest.cost);
    const reply = await buy({ itemId: cheapest.id, quantity });

    expect(reply.status).toBe(200);
    expect(reply.body.purchase.cost).toBe(cheapest.cost * quantity);
    expect(reply.body.state.incomePerSecond).toBe(
      cheapest.incomePerSecond * quantity,
    );
    const held = await use("db").query(
      "SELECT item_id, quantity FROM holdings WHERE player_id = $1",
      [playerId],
    );
    expect(held.rows).toEqual([
      { item_id: String(cheapest.id), quantity: String(quantity) },
    ]);
  });

  test("writes a purchase ledger entry with the cost as a debit", async () => {
    const reply = await buy({ itemId: cheapest.id });
    const ledger = await send(node().baseUrl, "GET", "/api/ledger", { token });
    expect(ledger.body.entries[0]).toEqual({
      id: reply.body.purchase.id,
      kind: "purchase",
      amount: -cheapest.cost,
      balanceAfter: reply.body.state.balance,
      version: reply.body.state.version,
      createdAt: expect.any(Number),
      ref: { itemId: cheapest.id, quantity: 1 },
    });
  });

  test("answers 409 INSUFFICIENT_FUNDS and changes nothing when the cost is above the balance", async () => {
    const quantity = Math.floor(settings().SIGNUP_GRANT / cheapest.cost) + 1;
    const before = await dbSnapshot();
    const reply = await buy({ itemId: cheapest.id, quantity });

    expectError(reply, 409, "INSUFFICIENT_FUNDS");
    expect(await dbSnapshot()).toEqual(before);
  });

  test("answers 404 NOT_FOUND to an unknown item", async () => {
    const before = await dbSnapshot();
    expectError(await buy({ itemId: 999 }), 404, "NOT_FOUND", /itemId/);
    expect(await dbSnapshot()).toEqual(before);
  });

  test("answers 401 UNAUTHENTICATED without a token", async () => {
    const reply = await send(node().baseUrl, "POST", "/api/purchases", {
      body: { itemId: cheapest.id },
    });
    expectError(reply, 401, "UNAUTHENTICATED");
  });

  test("returns the first result and charges once for a repeated idempotencyKey", async () => {
    const body = { itemId: cheapest.id, idempotencyKey: "buy-1" };
    const first = await buy(body);
    const second = await buy(body);

    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const { rows } = await use("db").query(
      "SELECT balance FROM players WHERE id = $1",
      [playerId],
    );
    expect(Number(rows[0].balance)).toBe(
      settings().SIGNUP_GRANT - cheapest.cost,
    );
  });

  test("charges once when two requests with the same idempotencyKey race", async () => {
    const body = { itemId: cheapest.id, idempotencyKey: "race" };
    const replies = await Promise.all([buy(body), buy(body)]);

    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(replies[0].body.purchase.id).toBe(replies[1].body.purchase.id);
    const held = await use("db").query(
      "SELECT quantity FROM holdings WHERE player_id = $1",
      [playerId],
    );
    expect(held.rows).toEqual([{ quantity: "1" }]);
  });

  test("answers 409 IDEMPOTENCY_CONFLICT to a key reused with other params", async () => {
    await buy({ itemId: cheapest.id, idempotencyKey: "k" });
    const before = await dbSnapshot();
    const reply = await buy({
      itemId: cheapest.id,
      quantity: 2,
      idempotencyKey: "k",
    });

    expectError(reply, 409, "IDEMPOTENCY_CONFLICT", /idempotencyKey/);
    expect(await dbSnapshot()).toMatchObject({ counts: before.counts });
  });

  test("keeps idempotency keys apart between players", async () => {
    const other = await signupPlayer(node().baseUrl, "other_buyer");
    const body = { itemId: cheapest.id, idempotencyKey: "shared" };
    const mine = await buy(body);
    const theirs = await buy(body, other.token);

    expect(theirs.status).toBe(200);
    expect(theirs.body.purchase.id).not.toBe(mine.body.purchase.id);
    expect(theirs.body.state.playerId).toBe(other.playerId);
  });
});
