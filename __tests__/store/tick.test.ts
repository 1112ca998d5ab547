import { accrue } from "../../src/game/accrual";
import { Db } from "../../src/store/db";
import { nextRange, settleRange } from "../../src/store/players";
import { runTick } from "../../src/store/tick";
import { openTestDb, truncateAll } from "../support/db";
import { sleep } from "../support/http";
import { insertPlayer, money } from "../support/players";

const RATES = [1, 2, 3, 7, 13, 99, 333, 1000, 4567, 123_456];

describe("Store: income tick", () => {
  let db: Db;
  let ids: number[];
  let starts: Map<number, { balance: number; asOf: number }>;

  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(() => db.close());

  beforeEach(async () => {
    await truncateAll(db);
    ids = [];
    for (let i = 0; i < 40; i++) {
      ids.push(
        await insertPlayer(db, `p${i}`, {
          incomePerSecond: RATES[i % RATES.length],
        }),
      );
    }
    starts = new Map();
    for (const id of ids) starts.set(id, await money(db, id));
  });

  /** Every player earned exactly floor(rate x elapsed) over its window. */
  async function expectExactIncome() {
    for (const id of ids) {
      const start = starts.get(id)!;
      const end = await money(db, id);
      const owed = Math.floor((end.rate * (end.asOf - start.asOf)) / 1000);
      expect({ id, credited: end.balance - start.balance }).toEqual({
        id,
        credited: owed,
      });
    }
  }

  const tick = (dueMs: number, batchSize = 7) =>
    runTick(db, { dueMs, nodeId: "test", batchSize });

  test("credits exact income when ticks run on time", async () => {
    for (let i = 1; i <= 8; i++) {
      await sleep(100);
      await tick(i);
    }
    await expectExactIncome();
    const latest = await money(db, ids[9]);
    expect(latest.balance).toBeGreaterThan(0);
  });

  test("credits exact income when a tick is late or skipped", async () => {
    await sleep(150);
    await tick(1);
    await sleep(900);
    await tick(3);
    await expectExactIncome();
  });

  test("credits exact income when ticks overlap or repeat", async () => {
    for (let i = 1; i <= 5; i++) {
      await sleep(80);
      await Promise.all([tick(i * 10), tick(i * 10 + 1), tick(i * 10 + 1)]);
    }
    await expectExactIncome();
  });

  test("runs a due time once", async () => {
    await sleep(50);
    const first = await tick(99);
    const again = await tick(99);
    expect(first.ran).toBe(true);
    expect(again.ran).toBe(false);
  });

  test("credits exact income after a tick is killed mid-batch and run again", async () => {
    await sleep(200);
    const doomed = await db.pool.connect();
    await doomed.query("BEGIN");
    const lastId = await nextRange(doomed, 0, 10);
    const partial = await settleRange(doomed, 0, lastId!);
    expect(partial.length).toBeGreaterThan(0);
    const pid = (
      await doomed.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")
    ).rows[0].pid;
    doomed.on("error", () => undefined);
    await db.query("SELECT pg_terminate_backend($1)", [pid]);
    doomed.release(true);

    await sleep(200);
    await tick(5);
    await expectExactIncome();
  });

  test("measures elapsed time by the database clock, not the caller's", async () => {
    await sleep(300);
    const farFuture = Date.now() + 365 * 24 * 3600 * 1000;
    await tick(farFuture);
    const { rows } = await db.query<{ now: string }>(
      "SELECT accrue_now_ms() AS now",
    );
    for (const id of ids) {
      const end = await money(db, id);
      expect(end.asOf).toBeLessThanOrEqual(Number(rows[0].now));
    }
    await expectExactIncome();
  });

  test("settles online players every tick and the others one slice at a time", async () => {
    await sleep(1100);
    const online = [ids[0], ids[5]];
    const record = await runTick(db, {
      dueMs: 42,
      nodeId: "test",
      batchSize: 7,
      onlineIds: online,
      offlineSlice: { count: 4, index: 1 },
    });
    const expected = ids.filter((id) => online.includes(id) || id % 4 === 1);
    expect(record.settled).toBe(expected.length);
    for (const id of ids) {
      const settledNow = (await money(db, id)).asOf > starts.get(id)!.asOf;
      expect({ id, settledNow }).toEqual({
        id,
        settledNow: expected.includes(id),
      });
    }
    await expectExactIncome();
  });

  test("gives way to a money action holding a row lock", async () => {
    await sleep(1100);
    const holder = await db.pool.connect();
    await holder.query("BEGIN");
    await holder.query("SELECT 1 FROM players WHERE id = $1 FOR UPDATE", [
      ids[3],
    ]);
    const record = await tick(7, 100);
    await holder.query("ROLLBACK");
    holder.release();
    expect(record.skipped).toBe(1);
    expect(record.settled).toBe(0);
    await tick(8, 100);
    await expectExactIncome();
  });

  test("agrees with the accrual rule in src/game", async () => {
    const cases = [
      [1n, 0n, 999n, 0n],
      [7n, 1000n, 1333n, 999n],
      [123_456n, 0n, 86_400_000n, 500n],
      [9_000_000n, 0n, 10n ** 10n, 1n],
      [9_000_000_000n, 0n, 10n ** 10n, 1n],
      [5n, 2000n, 1000n, 7n],
    ];
    for (const [rate, from, to, carry] of cases) {
      const { rows } = await db.query<{ total: string }>(
        "SELECT accrue_unit_ms($1, $2, $3, $4)::TEXT AS total",
        [rate.toString(), from.toString(), to.toString(), carry.toString()],
      );
      const rule = accrue(rate, from, to, carry);
      expect(BigInt(rows[0].total)).toBe(rule.credit * 1000n + rule.carry);
    }
  });

  test("bumps the version with every credit", async () => {
    await sleep(1100);
    await tick(1);
    for (const id of ids) {
      const end = await money(db, id);
      expect(end.version).toBeGreaterThan(1);
    }
  });
});
