import { use } from "../../src/modules/runtime";
import { expectError, send, useTestNode } from "../support/api";
import { signupPlayer } from "../support/http";

describe("Action: logout", () => {
  const node = useTestNode();
  const me = (token: string) =>
    send(node().baseUrl, "GET", "/api/me", { token });

  test("ends only the session that calls it", async () => {
    const first = await signupPlayer(node().baseUrl, "ada", "password123");
    const login = await send(node().baseUrl, "POST", "/api/login", {
      body: { username: "ada", password: "password123" },
    });
    const second = login.body.token as string;

    const reply = await send(node().baseUrl, "POST", "/api/logout", {
      token: first.token,
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({});

    expectError(await me(first.token), 401, "UNAUTHENTICATED");
    expect((await me(second)).status).toBe(200);
    const { rows } = await use("db").query(
      "SELECT count(*)::int AS n FROM sessions",
    );
    expect(rows[0].n).toBe(1);
  });

  test("leaves other players signed in", async () => {
    const ada = await signupPlayer(node().baseUrl, "ada");
    const bob = await signupPlayer(node().baseUrl, "bob");
    await send(node().baseUrl, "POST", "/api/logout", { token: ada.token });
    expect((await me(bob.token)).status).toBe(200);
  });

  test("answers 401 UNAUTHENTICATED without a token", async () => {
    const reply = await send(node().baseUrl, "POST", "/api/logout");
    expectError(reply, 401, "UNAUTHENTICATED");
  });

  test("answers 401 UNAUTHENTICATED to a token already logged out", async () => {
    const ada = await signupPlayer(node().baseUrl, "ada");
    await send(node().baseUrl, "POST", "/api/logout", { token: ada.token });
    const again = await send(node().baseUrl, "POST", "/api/logout", {
      token: ada.token,
    });
    expectError(again, 401, "UNAUTHENTICATED");
  });
});
