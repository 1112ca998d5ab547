import { use } from "../../src/modules/runtime";
import { Reply, call, signupPlayer } from "./http";
import { TestNode, startNode } from "./server";

/** A reply as the action tests look at it, with the raw text kept. */
export type ApiReply<T = any> = Reply<T>;

/** What `send` sends: a token, and a JSON body or raw bytes. */
export type ApiOptions = Parameters<typeof call>[3];

/**
 * Sends one request to a test node and checks what every reply must hold:
 * JSON, and never a stack trace or a source path.
 */
export async function send<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: ApiOptions = {},
): Promise<ApiReply<T>> {
  const reply = await call<T>(baseUrl, method, path, options);
  expectNoStack(reply.text);
  expect(typeof reply.body).toBe("object");
  return reply;
}

/** Fails when a reply's text carries a stack frame or a source path. */
export function expectNoStack(text: string): void {
  expect(text).not.toContain("    at ");
  expect(text).not.toMatch(/\.(ts|js):\d/);
}

/** Checks the contract's error shape, code and status. */
export function expectError(
  reply: ApiReply,
  status: number,
  code: string,
  messagePart?: string | RegExp,
): void {
  expect({ status: reply.status, code: reply.body?.error?.code }).toEqual({
    status,
    code,
  });
  expect(Object.keys(reply.body)).toEqual(["error"]);
  expect(typeof reply.body.error.message).toBe("string");
  if (messagePart !== undefined)
    expect(reply.body.error.message).toMatch(messagePart);
}

/**
 * What the tests count as "the database": row counts of every table a
 * request can write, and each player's money columns. Ticks are left out
 * (the scheduler writes one row per period whatever the requests do), so
 * tests that compare snapshots use players who earn nothing.
 */
export async function dbSnapshot() {
  const db = use("db");
  const counts = await db.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM players) AS players,
            (SELECT count(*) FROM sessions) AS sessions,
            (SELECT count(*) FROM holdings) AS holdings,
            (SELECT coalesce(sum(quantity), 0) FROM holdings) AS "heldQuantity",
            (SELECT count(*) FROM ledger_entries) AS "ledgerEntries",
            (SELECT count(*) FROM idempotency_keys) AS "idempotencyKeys"`,
  );
  const players = await db.query(
    `SELECT id, username, balance, income_per_second, income_carry, version
       FROM players ORDER BY id`,
  );
  return { counts: counts.rows[0], players: players.rows };
}

/**
 * Starts one real node for the calling test file and empties its database
 * and Redis db before each test. Returns a getter, as the node exists only
 * once `beforeAll` has run.
 */
export function useTestNode(): () => TestNode {
  let node: TestNode | undefined;
  beforeAll(async () => {
    node = await startNode();
  });
  afterAll(async () => {
    await node?.stop();
  });
  beforeEach(async () => {
    await node!.reset();
  });
  return () => node!;
}

/**
 * The four ways to call an admin endpoint and what each must answer. Call
 * inside a `describe`; a player named `nosy_player` exists in each test.
 */
export function describeAdminAccess(
  node: () => TestNode,
  method: string,
  path: string,
  body?: unknown,
): void {
  let playerToken = "";
  beforeEach(async () => {
    playerToken = (await signupPlayer(node().baseUrl, "nosy_player")).token;
  });

  test("answers 401 UNAUTHENTICATED without a token", async () => {
    const reply = await send(node().baseUrl, method, path, { body });
    expectError(reply, 401, "UNAUTHENTICATED");
  });

  test("answers 401 UNAUTHENTICATED to a wrong token", async () => {
    const reply = await send(node().baseUrl, method, path, {
      body,
      token: "not-the-admin-token-at-all",
    });
    expectError(reply, 401, "UNAUTHENTICATED");
  });

  test("answers 403 FORBIDDEN to a player's token", async () => {
    const before = await dbSnapshot();
    const reply = await send(node().baseUrl, method, path, {
      body,
      token: playerToken,
    });
    expectError(reply, 403, "FORBIDDEN");
    expect(await dbSnapshot()).toEqual(before);
  });

  test("answers 200 to the admin token", async () => {
    const reply = await send(node().baseUrl, method, path, {
      body,
      token: adminToken(),
    });
    expect(reply.status).toBe(200);
  });
}

/** The admin token the test environment gives every node. */
export function adminToken(): string {
  return process.env.ADMIN_TOKEN!;
}
