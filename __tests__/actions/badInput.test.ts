import { HTTP_ROUTES } from "../../src/protocol/httpRoutes";
import {
  ApiOptions,
  adminToken,
  dbSnapshot,
  expectError,
  send,
  useTestNode,
} from "../support/api";
import { makePlayersWithTokens } from "../support/directPlayers";

/** Who sends a case: nobody, the player `alice0`, or the operator. */
type Caller = "anonymous" | "player" | "admin";

interface BadCase {
  /** What is wrong, for the test title. */
  what: string;
  method: "GET" | "POST";
  path: string;
  as?: Caller;
  body?: unknown;
  raw?: string;
  status: number;
  code: string;
  /** The field the message must start with (VALIDATION_FAILED). */
  field?: string;
  /** More the message must say. */
  says?: RegExp;
}

/** Over the 64 KiB body limit, and valid JSON otherwise. */
const OVERSIZED = JSON.stringify({ padding: "x".repeat(70 * 1024) });
const MALFORMED = '{"username": "alice", ';

const missing = /is required/;
const wrongType = /must be a (number|string)/;
const notWhole = /whole number/;

const post = (
  path: string,
  as: Caller,
  cases: Array<Omit<BadCase, "method" | "path" | "as">>,
): BadCase[] => cases.map((c) => ({ method: "POST", path, as, ...c }));
const get = (
  path: string,
  as: Caller,
  cases: Array<Omit<BadCase, "method" | "as">>,
): BadCase[] =>
  cases.map((c) => ({ method: "GET", as, ...c, path: path + c.path }));

/** Every POST action refuses bodies it cannot read the same way. */
const unreadable = [
  { what: "malformed JSON", raw: MALFORMED, status: 400, code: "BAD_REQUEST" },
  { what: "a JSON array", raw: "[1, 2]", status: 400, code: "BAD_REQUEST" },
  { what: "a JSON string", raw: '"hello"', status: 400, code: "BAD_REQUEST" },
  {
    what: "a body over 64 KiB",
    raw: OVERSIZED,
    status: 413,
    code: "TOO_LARGE",
  },
];
const invalid = (field: string, says?: RegExp) => ({
  status: 422,
  code: "VALIDATION_FAILED",
  field,
  says,
});

const CASES: BadCase[] = [
  ...post("/api/signup", "anonymous", [
    ...unreadable,
    {
      what: "no username",
      body: { password: "password123" },
      ...invalid("username", missing),
    },
    {
      what: "no password",
      body: { username: "carol" },
      ...invalid("password", missing),
    },
    {
      what: "a numeric username",
      body: { username: 12345, password: "password123" },
      ...invalid("username", wrongType),
    },
    {
      what: "a 2-character username",
      body: { username: "ab", password: "password123" },
      ...invalid("username"),
    },
    {
      what: "a 33-character username",
      body: { username: "a".repeat(33), password: "password123" },
      ...invalid("username"),
    },
    {
      what: "a username with a space",
      body: { username: "car ol", password: "password123" },
      ...invalid("username"),
    },
    {
      what: "a 7-character password",
      body: { username: "carol", password: "1234567" },
      ...invalid("password"),
    },
    {
      what: "a 129-character password",
      body: { username: "carol", password: "p".repeat(129) },
      ...invalid("password"),
    },
    {
      what: "a null password",
      body: { username: "carol", password: null },
      ...invalid("password", wrongType),
    },
    {
      what: "an unknown field",
      body: { username: "carol", password: "password123", admin: true },
      ...invalid("admin", /unknown field/),
    },
    {
      what: "a taken name",
      body: { username: "ALICE0", password: "password123" },
      status: 409,
      code: "USERNAME_TAKEN",
    },
  ]),
  ...post("/api/login", "anonymous", [
    ...unreadable,
    {
      what: "no password",
      body: { username: "alice" },
      ...invalid("password", missing),
    },
    {
      what: "an array username",
      body: { username: ["alice"], password: "password123" },
      ...invalid("username", wrongType),
    },
    {
      what: "a 65-character username",
      body: { username: "a".repeat(65), password: "password123" },
      ...invalid("username"),
    },
    {
      what: "an unknown field",
      body: { username: "alice", password: "password123", remember: true },
      ...invalid("remember", /unknown field/),
    },
  ]),
  ...post("/api/logout", "player", [
    ...unreadable,
    {
      what: "an unknown field",
      body: { everywhere: true },
      ...invalid("everywhere", /unknown field/),
    },
  ]),
  ...post("/api/purchases", "player", [
    ...unreadable,
    { what: "no itemId", body: { quantity: 1 }, ...invalid("itemId", missing) },
    {
      what: 'itemId "1"',
      body: { itemId: "1" },
      ...invalid("itemId", wrongType),
    },
    {
      what: 'quantity "10"',
      body: { itemId: 1, quantity: "10" },
      ...invalid("quantity", wrongType),
    },
    {
      what: "quantity 1.5",
      body: { itemId: 1, quantity: 1.5 },
      ...invalid("quantity", notWhole),
    },
    {
      what: "quantity 1e21",
      raw: '{"itemId": 1, "quantity": 1e21}',
      ...invalid("quantity", notWhole),
    },
    {
      what: "quantity 2^53",
      raw: '{"itemId": 1, "quantity": 9007199254740992}',
      ...invalid("quantity", notWhole),
    },
    {
      what: "quantity 0",
      body: { itemId: 1, quantity: 0 },
      ...invalid("quantity", /positive/),
    },
    {
      what: "quantity -1",
      body: { itemId: 1, quantity: -1 },
      ...invalid("quantity", /positive/),
    },
    {
      what: "an idempotencyKey of 129 characters",
      body: { itemId: 1, idempotencyKey: "k".repeat(129) },
      ...invalid("idempotencyKey"),
    },
    {
      what: "an idempotencyKey with a space",
      body: { itemId: 1, idempotencyKey: "a b" },
      ...invalid("idempotencyKey"),
    },
    {
      what: "a numeric idempotencyKey",
      body: { itemId: 1, idempotencyKey: 7 },
      ...invalid("idempotencyKey", wrongType),
    },
    {
      what: "an unknown field",
      body: { itemId: 1, price: 0 },
      ...invalid("price", /unknown field/),
    },
    {
      what: "an unknown item",
      body: { itemId: 424242 },
      status: 404,
      code: "NOT_FOUND",
    },
    {
      what: "a cost above the balance",
      body: { itemId: 1, quantity: 1_000_000 },
      status: 409,
      code: "INSUFFICIENT_FUNDS",
    },
  ]),
  ...post("/api/transfers", "player", [
    ...unreadable,
    { what: "no to", body: { amount: 1 }, ...invalid("to", missing) },
    { what: "no amount", body: { to: "bob0" }, ...invalid("amount", missing) },
    {
      what: "a numeric to",
      body: { to: 42, amount: 1 },
      ...invalid("to", wrongType),
    },
    {
      what: "an invalid username as to",
      body: { to: "b", amount: 1 },
      ...invalid("to"),
    },
    {
      what: 'amount "10"',
      body: { to: "bob0", amount: "10" },
      ...invalid("amount", wrongType),
    },
    {
      what: "amount 1.5",
      body: { to: "bob0", amount: 1.5 },
      ...invalid("amount", notWhole),
    },
    {
      what: "amount 1e21",
      raw: '{"to": "bob0", "amount": 1e21}',
      ...invalid("amount", notWhole),
    },
    {
      what: "amount 0",
      body: { to: "bob0", amount: 0 },
      ...invalid("amount", /positive/),
    },
    {
      what: "amount -5",
      body: { to: "bob0", amount: -5 },
      ...invalid("amount", /positive/),
    },
    {
      what: "amount true",
      body: { to: "bob0", amount: true },
      ...invalid("amount", wrongType),
    },
    {
      what: "an unknown field",
      body: { to: "bob0", amount: 1, memo: "hi" },
      ...invalid("memo", /unknown field/),
    },
    {
      what: "the sender as recipient",
      body: { to: "Alice0", amount: 1 },
      ...invalid("to"),
    },
    {
      what: "an unknown recipient",
      body: { to: "nobody", amount: 1 },
      status: 404,
      code: "NOT_FOUND",
    },
    {
      what: "an amount above the balance",
      body: { to: "bob0", amount: 1_000_000 },
      status: 409,
      code: "INSUFFICIENT_FUNDS",
    },
  ]),
  ...post("/api/admin/grants", "admin", [
    ...unreadable,
    {
      what: "no reason",
      body: { username: "bob0", amount: 5 },
      ...invalid("reason", missing),
    },
    {
      what: "a blank reason",
      body: { username: "bob0", amount: 5, reason: "   " },
      ...invalid("reason"),
    },
    {
      what: "a 201-character reason",
      body: { username: "bob0", amount: 5, reason: "r".repeat(201) },
      ...invalid("reason"),
    },
    {
      what: 'amount "10"',
      body: { username: "bob0", amount: "10", reason: "x" },
      ...invalid("amount", wrongType),
    },
    {
      what: "amount 1.5",
      body: { username: "bob0", amount: 1.5, reason: "x" },
      ...invalid("amount", notWhole),
    },
    {
      what: "amount 1e21",
      raw: '{"username": "bob0", "amount": 1e21, "reason": "x"}',
      ...invalid("amount", notWhole),
    },
    {
      what: "amount 0",
      body: { username: "bob0", amount: 0, reason: "x" },
      ...invalid("amount", /positive/),
    },
    {
      what: "an invalid username",
      body: { username: "b!", amount: 5, reason: "x" },
      ...invalid("username"),
    },
    {
      what: "an unknown field",
      body: { username: "bob0", amount: 5, reason: "x", silent: true },
      ...invalid("silent", /unknown field/),
    },
    {
      what: "an unknown player",
      body: { username: "nobody", amount: 5, reason: "x" },
      status: 404,
      code: "NOT_FOUND",
    },
  ]),
  ...get("/api/me", "player", [
    {
      what: "an unknown query field",
      path: "?verbose=1",
      ...invalid("verbose", /unknown field/),
    },
  ]),
  ...get("/api/items", "anonymous", [
    {
      what: "an unknown query field",
      path: "?page=2",
      ...invalid("page", /unknown field/),
    },
  ]),
  ...get("/api/ledger", "player", [
    { what: "limit 0", path: "?limit=0", ...invalid("limit") },
    { what: "limit 201", path: "?limit=201", ...invalid("limit") },
    { what: "limit abc", path: "?limit=abc", ...invalid("limit", wrongType) },
    { what: "limit 1.5", path: "?limit=1.5", ...invalid("limit") },
    { what: "before -1", path: "?before=-1", ...invalid("before", wrongType) },
    { what: "before 0", path: "?before=0", ...invalid("before") },
    {
      what: "an unknown query field",
      path: "?after=3",
      ...invalid("after", /unknown field/),
    },
  ]),
  ...get("/api/admin/players", "admin", [
    {
      what: "a 33-character query",
      path: `?query=${"q".repeat(33)}`,
      ...invalid("query"),
    },
    {
      what: "an unknown query field",
      path: "?query=a&sort=name",
      ...invalid("sort", /unknown field/),
    },
  ]),
  ...get("/api/admin/ledger", "admin", [
    { what: "no username", path: "", ...invalid("username") },
    {
      what: "a bad username",
      path: "?username=no%20spaces",
      ...invalid("username"),
    },
    {
      what: "limit 201",
      path: "?username=bob0&limit=201",
      ...invalid("limit"),
    },
    {
      what: "an unknown player",
      path: "?username=nobody",
      status: 404,
      code: "NOT_FOUND",
    },
  ]),
  ...get("/api/admin/stats", "admin", [
    {
      what: "an unknown query field",
      path: "?window=60",
      ...invalid("window", /unknown field/),
    },
  ]),
  ...get("/api/admin/nodes", "admin", [
    {
      what: "an unknown query field",
      path: "?role=all",
      ...invalid("role", /unknown field/),
    },
  ]),
];

describe("Actions: bad input", () => {
  const node = useTestNode();
  const tokens: Record<Caller, string | undefined> = {
    anonymous: undefined,
    player: undefined,
    admin: undefined,
  };

  beforeEach(async () => {
    // Straight into the database: two scrypt signups per case would
    // dominate this suite's run time.
    const options = { balance: 100 };
    const [alice] = await makePlayersWithTokens(1, {
      prefix: "alice",
      ...options,
    });
    await makePlayersWithTokens(1, { prefix: "bob", ...options });
    tokens.player = alice.token;
    tokens.admin = adminToken();
  });

  test.each(
    CASES.map((c) => [`${c.method} ${c.path.split("?")[0]}`, c.what, c]),
  )(
    "%s with %s answers its error and changes nothing",
    async (_route, _what, c) => {
      const before = await dbSnapshot();
      const options: ApiOptions = { token: tokens[c.as ?? "anonymous"] };
      if (c.raw !== undefined) options.raw = c.raw;
      else if (c.body !== undefined) options.body = c.body;

      const reply = await send(node().baseUrl, c.method, c.path, options);

      expectError(reply, c.status, c.code);
      if (c.field)
        expect(reply.body.error.message).toMatch(new RegExp(`^${c.field}: `));
      if (c.says) expect(reply.body.error.message).toMatch(c.says);
      if (c.code === "VALIDATION_FAILED" && c.says === wrongType)
        expect(reply.body.error.message).not.toMatch(missing);
      expect(await dbSnapshot()).toEqual(before);
    },
  );

  test("covers every action reachable over HTTP", () => {
    const covered = new Set(
      CASES.map((c) => `${c.method} ${c.path.split("?")[0]}`),
    );
    // status takes no input and ignores any, so probes may add cache-busters.
    expect([...covered].sort()).toEqual(
      Object.keys(HTTP_ROUTES)
        .filter((route) => route !== "GET /api/status")
        .sort(),
    );
  });
});
