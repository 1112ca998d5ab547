import { expectError, send, useTestNode } from "../support/api";
import { signupPlayer, sleep } from "../support/http";

describe("Action: me", () => {
  const node = useTestNode();
  const me = (token?: string) =>
    send(node().baseUrl, "GET", "/api/me", { token });

  test("answers the caller's state", async () => {
    const ada = await signupPlayer(node().baseUrl, "ada");
    await signupPlayer(node().baseUrl, "bob");
    const reply = await me(ada.token);

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ state: ada.state });
  });

  test("includes the income earned up to asOf", async () => {
    const ada = await signupPlayer(node().baseUrl, "ada");
    const bought = await send(node().baseUrl, "POST", "/api/purchases", {
      token: ada.token,
      body: { itemId: 1, quantity: 2 },
    });
    const start = bought.body.state;
    await sleep(1500);
    const { state } = (await me(ada.token)).body;

    const owed = Math.floor(
      (start.incomePerSecond * (state.asOf - start.asOf)) / 1000,
    );
    expect(owed).toBeGreaterThanOrEqual(2);
    expect(Math.abs(state.balance - start.balance - owed)).toBeLessThanOrEqual(
      1,
    );
    expect(state.version).toBeGreaterThan(start.version);
  });

  test("answers 401 UNAUTHENTICATED without a token", async () => {
    expectError(await me(), 401, "UNAUTHENTICATED");
  });

  test("answers 401 UNAUTHENTICATED to an unknown token", async () => {
    expectError(await me("x".repeat(43)), 401, "UNAUTHENTICATED");
  });
});
