import { createHash } from "node:crypto";
import { use } from "../../src/modules/runtime";
import { settings } from "../../src/settings";
import { dbSnapshot, expectError, send, useTestNode } from "../support/api";

describe("Action: signup", () => {
  const node = useTestNode();
  const signup = (username: string, password = "correct horse") =>
    send(node().baseUrl, "POST", "/api/signup", {
      body: { username, password },
    });

  test("creates a player with the signup grant and a session", async () => {
    const reply = await signup("Ada_Lovelace");

    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body).sort()).toEqual([
      "player",
      "state",
      "token",
    ]);
    const { player, token, state } = reply.body;
    expect(player).toEqual({
      id: expect.any(Number),
      username: "Ada_Lovelace",
    });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(state).toEqual({
      playerId: player.id,
      username: "Ada_Lovelace",
      balance: settings().SIGNUP_GRANT,
      incomePerSecond: 0,
      version: expect.any(Number),
      asOf: expect.any(Number),
    });
    expect(Math.abs(state.asOf - Date.now())).toBeLessThan(60_000);

    const me = await send(node().baseUrl, "GET", "/api/me", { token });
    expect(me.body.state.playerId).toBe(player.id);
  });

  test("records the grant as a signup_grant ledger entry", async () => {
    const reply = await signup("grace");
    const { rows } = await use("db").query(
      "SELECT kind, amount, balance_after, version FROM ledger_entries WHERE player_id = $1",
      [reply.body.player.id],
    );
    expect(rows).toEqual([
      {
        kind: "signup_grant",
        amount: String(settings().SIGNUP_GRANT),
        balance_after: String(settings().SIGNUP_GRANT),
        version: String(reply.body.state.version),
      },
    ]);
  });

  test("stores a scrypt hash of the password and only a hash of the token", async () => {
    const reply = await signup("hopper", "s3cret-passphrase");
    const db = use("db");
    const player = await db.query(
      "SELECT password_hash FROM players WHERE id = $1",
      [reply.body.player.id],
    );
    expect(player.rows[0].password_hash).toMatch(/^scrypt\$/);
    expect(player.rows[0].password_hash).not.toContain("s3cret-passphrase");

    const sessions = await db.query<{ token_hash: Buffer }>(
      "SELECT token_hash FROM sessions WHERE player_id = $1",
      [reply.body.player.id],
    );
    const sha = createHash("sha256").update(reply.body.token).digest();
    expect(sessions.rows.map((row) => row.token_hash)).toEqual([sha]);
  });

  test("answers USERNAME_TAKEN to a name taken in any case", async () => {
    await signup("Turing");
    const before = await dbSnapshot();

    for (const name of ["Turing", "turing", "TURING", "tUrInG"]) {
      expectError(await signup(name), 409, "USERNAME_TAKEN", /username/);
    }
    expect(await dbSnapshot()).toEqual(before);
  });

  test("accepts usernames of 3 and 32 characters", async () => {
    expect((await signup("abc")).status).toBe(200);
    expect((await signup("x".repeat(32))).status).toBe(200);
  });

  test("gives two players distinct ids and tokens", async () => {
    const a = await signup("first_one");
    const b = await signup("second_one");
    expect(a.body.player.id).not.toBe(b.body.player.id);
    expect(a.body.token).not.toBe(b.body.token);
  });
});
