import { settings } from "../../src/settings";
import { dbSnapshot, expectError, send, useTestNode } from "../support/api";
import { signupPlayer } from "../support/http";

describe("Action: login", () => {
  const node = useTestNode();
  const login = (username: string, password: string) =>
    send(node().baseUrl, "POST", "/api/login", {
      body: { username, password },
    });

  beforeEach(async () => {
    await signupPlayer(node().baseUrl, "Ada", "right-password");
  });

  test("opens a new session and answers player, token and state", async () => {
    const signedUp = await signupPlayer(node().baseUrl, "bob", "bobs-password");
    const reply = await login("bob", "bobs-password");

    expect(reply.status).toBe(200);
    expect(reply.body.player).toEqual({
      id: signedUp.playerId,
      username: "bob",
    });
    expect(reply.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(reply.body.token).not.toBe(signedUp.token);
    expect(reply.body.state).toMatchObject({
      playerId: signedUp.playerId,
      username: "bob",
      balance: settings().SIGNUP_GRANT,
    });
    const me = await send(node().baseUrl, "GET", "/api/me", {
      token: reply.body.token,
    });
    expect(me.status).toBe(200);
  });

  test("finds the username in any case and shows it as typed at signup", async () => {
    const reply = await login("aDA", "right-password");
    expect(reply.status).toBe(200);
    expect(reply.body.player.username).toBe("Ada");
  });

  test("answers the same 401 UNAUTHENTICATED to an unknown user and a wrong password", async () => {
    const before = await dbSnapshot();
    const unknown = await login("nobody_here", "right-password");
    const wrong = await login("Ada", "wrong-password");

    expectError(unknown, 401, "UNAUTHENTICATED");
    expectError(wrong, 401, "UNAUTHENTICATED");
    expect(unknown.body).toEqual(wrong.body);
    expect(await dbSnapshot()).toEqual(before);
  });

  test("rate-limits failed logins per username at 10 a minute", async () => {
    for (let i = 0; i < 10; i++) {
      expectError(
        await login("Ada", `wrong-${i}-pass`),
        401,
        "UNAUTHENTICATED",
      );
    }
    const blocked = await login("Ada", "right-password");
    expectError(blocked, 429, "RATE_LIMITED", /LOGIN_FAILURES_PER_USER/);

    await signupPlayer(node().baseUrl, "other_user", "other-password");
    expect((await login("other_user", "other-password")).status).toBe(200);
  });

  test("counts failures against the username in any case", async () => {
    for (let i = 0; i < 10; i++) {
      const name = i % 2 === 0 ? "ADA" : "ada";
      expectError(await login(name, "wrong-password"), 401, "UNAUTHENTICATED");
    }
    expectError(await login("Ada", "right-password"), 429, "RATE_LIMITED");
  });

  test("rate-limits failed logins per address at 30 a minute", async () => {
    for (let i = 0; i < 30; i++) {
      expectError(
        await login(`ghost_${i}`, "wrong-password"),
        401,
        "UNAUTHENTICATED",
      );
    }
    const blocked = await login("Ada", "right-password");
    expectError(blocked, 429, "RATE_LIMITED", /LOGIN_FAILURES_PER_ADDRESS/);
  });

  test("does not count successful logins as failures", async () => {
    for (let i = 0; i < 12; i++) {
      expect((await login("Ada", "right-password")).status).toBe(200);
    }
  });
});
