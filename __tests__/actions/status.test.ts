import { use } from "../../src/modules/runtime";
import { expectError, send, useTestNode } from "../support/api";

describe("Action: status", () => {
  const node = useTestNode();
  const status = () => send(node().baseUrl, "GET", "/api/status");

  afterEach(() => jest.restoreAllMocks());

  test("answers 200 with this node's id and role, without sign-in", async () => {
    const reply = await status();
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      nodeId: process.env.NODE_ID,
      role: "all",
      postgres: "ok",
      redis: "ok",
    });
  });

  test("answers 503 UNAVAILABLE naming Postgres when a query fails", async () => {
    jest
      .spyOn(use("db"), "query")
      .mockRejectedValue(new Error("connect ECONNREFUSED 127.0.0.1:5432"));
    expectError(await status(), 503, "UNAVAILABLE", /postgres/);
  });

  test("answers 503 UNAVAILABLE naming Redis when it does not answer within a second", async () => {
    jest
      .spyOn(use("redis"), "ping")
      .mockImplementation(() => new Promise<never>(() => undefined));
    const reply = await status();
    expectError(reply, 503, "UNAVAILABLE", /redis/);
    expect(reply.body.error.message).not.toMatch(/postgres/);
  });
});
