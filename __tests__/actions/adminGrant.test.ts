import { use } from "../../src/modules/runtime";
import { settings } from "../../src/settings";
import {
  adminToken,
  dbSnapshot,
  describeAdminAccess,
  expectError,
  send,
  useTestNode,
} from "../support/api";
import { signupPlayer } from "../support/http";

describe("Action: adminGrant", () => {
  const node = useTestNode();
  const grant = (body: object) =>
    send(node().baseUrl, "POST", "/api/admin/grants", {
      token: adminToken(),
      body,
    });

  describeAdminAccess(node, "POST", "/api/admin/grants", {
    username: "nosy_player",
    amount: 1,
    reason: "access check",
  });

  test("credits the player and answers their state", async () => {
    const ada = await signupPlayer(node().baseUrl, "Ada");
    const reply = await grant({
      username: "ada",
      amount: 250,
      reason: "prize",
    });

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      state: {
        ...ada.state,
        balance: settings().SIGNUP_GRANT + 250,
        version: expect.any(Number),
        asOf: expect.any(Number),
      },
    });
    expect(reply.body.state.version).toBeGreaterThan(ada.state.version);
  });

  test("writes a grant ledger entry with the reason", async () => {
    const ada = await signupPlayer(node().baseUrl, "ada");
    await grant({ username: "ada", amount: 5, reason: "  bug bounty " });
    const { rows } = await use("db").query(
      "SELECT kind, amount, ref FROM ledger_entries WHERE player_id = $1 ORDER BY id DESC LIMIT 1",
      [ada.playerId],
    );
    expect(rows).toEqual([
      { kind: "grant", amount: "5", ref: { reason: "bug bounty" } },
    ]);
  });

  test("answers 404 NOT_FOUND to an unknown username", async () => {
    const before = await dbSnapshot();
    const reply = await grant({ username: "nobody", amount: 5, reason: "x" });
    expectError(reply, 404, "NOT_FOUND", /^username:/);
    expect(await dbSnapshot()).toEqual(before);
  });

  test("answers 422 VALIDATION_FAILED when the balance would pass the largest safe integer", async () => {
    await signupPlayer(node().baseUrl, "ada");
    const before = await dbSnapshot();
    const reply = await grant({
      username: "ada",
      amount: Number.MAX_SAFE_INTEGER,
      reason: "too much",
    });
    expectError(reply, 422, "VALIDATION_FAILED", /^amount:/);
    expect(await dbSnapshot()).toEqual(before);
  });
});
