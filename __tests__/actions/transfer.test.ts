import { use } from "../../src/modules/runtime";
import { settings } from "../../src/settings";
import { dbSnapshot, expectError, send, useTestNode } from "../support/api";
import { signupPlayer } from "../support/http";

describe("Action: transfer", () => {
  const node = useTestNode();
  let ada: { token: string; playerId: number };
  let bob: { token: string; playerId: number };
  const grant = () => settings().SIGNUP_GRANT;

  const transfer = (body: object, token = ada.token) =>
    send(node().baseUrl, "POST", "/api/transfers", { token, body });
  const balanceOf = async (playerId: number) => {
    const { rows } = await use("db").query(
      "SELECT balance FROM players WHERE id = $1",
      [playerId],
    );
    return Number(rows[0].balance);
  };

  beforeEach(async () => {
    ada = await signupPlayer(node().baseUrl, "ada");
    bob = await signupPlayer(node().baseUrl, "Bob");
  });

  test("moves the amount from sender to recipient", async () => {
    const reply = await transfer({ to: "Bob", amount: 30 });

    expect(reply.status).toBe(200);
    expect(reply.body.transfer).toEqual({
      id: expect.any(Number),
      to: "Bob",
      amount: 30,
    });
    expect(reply.body.state).toMatchObject({
      playerId: ada.playerId,
      balance: grant() - 30,
    });
    expect(await balanceOf(bob.playerId)).toBe(grant() + 30);
  });

  test("finds the recipient in any case and names them as typed", async () => {
    const reply = await transfer({ to: "bOB", amount: 1 });
    expect(reply.status).toBe(200);
    expect(reply.body.transfer.to).toBe("Bob");
  });

  test("writes transfer_out and transfer_in ledger entries", async () => {
    const reply = await transfer({ to: "Bob", amount: 25 });
    const sent = await send(node().baseUrl, "GET", "/api/ledger", {
      token: ada.token,
    });
    const received = await send(node().baseUrl, "GET", "/api/ledger", {
      token: bob.token,
    });

    expect(sent.body.entries[0]).toMatchObject({
      id: reply.body.transfer.id,
      kind: "transfer_out",
      amount: -25,
      balanceAfter: grant() - 25,
      ref: { to: "Bob" },
    });
    expect(received.body.entries[0]).toMatchObject({
      kind: "transfer_in",
      amount: 25,
      balanceAfter: grant() + 25,
      ref: { from: "ada", transferId: reply.body.transfer.id },
    });
  });

  test("allows sending the whole balance", async () => {
    const reply = await transfer({ to: "Bob", amount: grant() });
    expect(reply.status).toBe(200);
    expect(reply.body.state.balance).toBe(0);
  });

  test("answers 409 INSUFFICIENT_FUNDS and moves nothing when the amount is above the balance", async () => {
    const before = await dbSnapshot();
    const reply = await transfer({ to: "Bob", amount: grant() + 1 });
    expectError(reply, 409, "INSUFFICIENT_FUNDS");
    expect(await dbSnapshot()).toEqual(before);
  });

  test("answers 404 NOT_FOUND to an unknown recipient", async () => {
    const before = await dbSnapshot();
    const reply = await transfer({ to: "nobody", amount: 1 });
    expectError(reply, 404, "NOT_FOUND", /^to:/);
    expect(await dbSnapshot()).toEqual(before);
  });

  test("answers 422 VALIDATION_FAILED to a transfer to oneself", async () => {
    const before = await dbSnapshot();
    const reply = await transfer({ to: "ADA", amount: 1 });
    expectError(reply, 422, "VALIDATION_FAILED", /^to:/);
    expect(await dbSnapshot()).toEqual(before);
  });

  test("answers 401 UNAUTHENTICATED without a token", async () => {
    const reply = await send(node().baseUrl, "POST", "/api/transfers", {
      body: { to: "Bob", amount: 1 },
    });
    expectError(reply, 401, "UNAUTHENTICATED");
  });

  test("returns the first result and moves money once for a repeated idempotencyKey", async () => {
    const body = { to: "Bob", amount: 10, idempotencyKey: "pay-rent" };
    const first = await transfer(body);
    const second = await transfer(body);

    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await balanceOf(ada.playerId)).toBe(grant() - 10);
    expect(await balanceOf(bob.playerId)).toBe(grant() + 10);
  });

  test("moves money once when two requests with the same idempotencyKey race", async () => {
    const body = { to: "Bob", amount: 10, idempotencyKey: "race" };
    const replies = await Promise.all([transfer(body), transfer(body)]);

    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(replies[0].body.transfer.id).toBe(replies[1].body.transfer.id);
    expect(await balanceOf(bob.playerId)).toBe(grant() + 10);
  });

  test("answers 409 IDEMPOTENCY_CONFLICT to a key reused with another amount or recipient", async () => {
    await signupPlayer(node().baseUrl, "carol");
    await transfer({ to: "Bob", amount: 10, idempotencyKey: "k" });
    const before = await dbSnapshot();

    const otherAmount = await transfer({
      to: "Bob",
      amount: 11,
      idempotencyKey: "k",
    });
    const otherRecipient = await transfer({
      to: "carol",
      amount: 10,
      idempotencyKey: "k",
    });
    expectError(otherAmount, 409, "IDEMPOTENCY_CONFLICT");
    expectError(otherRecipient, 409, "IDEMPOTENCY_CONFLICT");
    expect(await dbSnapshot()).toEqual(before);
  });
});
