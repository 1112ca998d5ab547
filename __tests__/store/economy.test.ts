import { AppError } from "../../src/errors/appError";
import { Db } from "../../src/store/db";
import { grant, purchase, transfer } from "../../src/store/economy";
import { openTestDb, truncateAll } from "../support/db";
import { sleep } from "../support/http";
import { insertPlayer, ledgerSum, money } from "../support/players";

/** The error code a rejected promise carries. */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

describe("Store: economy", () => {
  let db: Db;

  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(() => db.close());
  beforeEach(() => truncateAll(db));

  test("200 concurrent purchases that afford 100: exactly 100 succeed", async () => {
    // An item whose income is tiny next to its cost: what the first buys
    // earn during the race cannot pay for a 101st.
    await db.query(
      "INSERT INTO items (id, name, cost, income_per_second) VALUES (99, 'Test Vault', 1000000, 1) ON CONFLICT DO NOTHING",
    );
    const id = await insertPlayer(db, "buyer", { balance: 1_000_000 * 100 });
    const codes = await Promise.all(
      Array.from({ length: 200 }, () =>
        codeOf(purchase(db, id, { itemId: 99, quantity: 1 })),
      ),
    );

    expect(codes.filter((c) => c === "OK")).toHaveLength(100);
    expect(codes.filter((c) => c === "INSUFFICIENT_FUNDS")).toHaveLength(100);
    const end = await money(db, id);
    expect(end.balance).toBeGreaterThanOrEqual(0);
    expect(end.balance).toBeLessThan(1_000_000);
    expect(end.rate).toBe(100);
    const { rows } = await db.query(
      "SELECT quantity FROM holdings WHERE player_id = $1",
      [id],
    );
    expect(Number(rows[0].quantity)).toBe(100);
    await db.query("DELETE FROM holdings WHERE item_id = 99");
    await db.query("DELETE FROM items WHERE id = 99");
  });

  test("concurrent transfers among 20 earning players conserve money", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push(
        await insertPlayer(db, `trader${i}`, {
          balance: 1000,
          incomePerSecond: i * 3,
        }),
      );
    }
    // Income earned between insert and grant is already in the starting
    // balance, so the window is measured from here.
    const starts = new Map<
      number,
      { asOf: number; carry: number; balance: number; ledger: number }
    >();
    for (const id of ids) {
      starts.set(id, {
        ...(await money(db, id)),
        ledger: await ledgerSum(db, id),
      });
    }

    let seed = 7;
    const pick = (n: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    const moves = Array.from({ length: 400 }, () => {
      const from = pick(20);
      const to = (from + 1 + pick(19)) % 20;
      return codeOf(
        transfer(db, ids[from], { to: `trader${to}`, amount: 1 + pick(300) }),
      );
    });
    const codes = await Promise.all(moves);
    expect(codes.every((c) => c === "OK" || c === "INSUFFICIENT_FUNDS")).toBe(
      true,
    );
    expect(codes.filter((c) => c === "OK").length).toBeGreaterThan(100);
    await sleep(300);

    let total = 0;
    let owed = 0;
    for (const id of ids) {
      await purchaseNothing(id);
      const end = await money(db, id);
      // The grant settled each player, so each window starts with a carry.
      const start = starts.get(id)!;
      const income = Math.floor(
        (end.rate * (end.asOf - start.asOf) + start.carry) / 1000,
      );
      const moved = (await ledgerSum(db, id)) - start.ledger;
      expect(end.balance).toBe(start.balance + moved + income);
      total += end.balance;
      owed += start.balance + income;
    }
    // Transfers only move money: the sum is what everyone had plus income.
    expect(total).toBe(owed);
  });

  /** Settles a player through a failing purchase (its rollback keeps nothing). */
  async function purchaseNothing(id: number) {
    await codeOf(purchase(db, id, { itemId: 7, quantity: 1_000_000 }));
  }

  test("a repeated idempotency key returns the first result and moves nothing", async () => {
    const id = await insertPlayer(db, "repeat", { balance: 1000 });
    const first = await purchase(db, id, {
      itemId: 1,
      quantity: 2,
      idempotencyKey: "k1",
    });
    const second = await purchase(db, id, {
      itemId: 1,
      quantity: 2,
      idempotencyKey: "k1",
    });

    expect(second.replayed).toBe(true);
    expect(second.result).toEqual(first.result);
    expect((await money(db, id)).rate).toBe(2);
    expect(await ledgerSum(db, id)).toBe(1000 - 100);
  });

  test("a reused key with other params is IDEMPOTENCY_CONFLICT", async () => {
    const id = await insertPlayer(db, "conflict", { balance: 1000 });
    await purchase(db, id, { itemId: 1, quantity: 1, idempotencyKey: "k2" });
    expect(
      await codeOf(
        purchase(db, id, { itemId: 1, quantity: 3, idempotencyKey: "k2" }),
      ),
    ).toBe("IDEMPOTENCY_CONFLICT");
    expect(
      await codeOf(
        transfer(db, id, { to: "conflict", amount: 1, idempotencyKey: "k2" }),
      ),
    ).toBe("IDEMPOTENCY_CONFLICT");
    expect((await money(db, id)).rate).toBe(1);
  });

  test("identical requests racing with one key move money once", async () => {
    const sender = await insertPlayer(db, "racer", { balance: 1000 });
    await insertPlayer(db, "target");
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        transfer(db, sender, {
          to: "target",
          amount: 10,
          idempotencyKey: "race",
        }),
      ),
    );

    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const ids = new Set(results.map((r) => r.result.transfer.id));
    expect(ids.size).toBe(1);
    expect(await ledgerSum(db, sender)).toBe(990);
  });

  test("a failed request does not burn its key", async () => {
    const id = await insertPlayer(db, "retry", { balance: 10 });
    expect(
      await codeOf(
        purchase(db, id, { itemId: 1, quantity: 1, idempotencyKey: "k3" }),
      ),
    ).toBe("INSUFFICIENT_FUNDS");
    await grant(db, { username: "retry", amount: 40, reason: "top up" });
    const again = await purchase(db, id, {
      itemId: 1,
      quantity: 1,
      idempotencyKey: "k3",
    });
    expect(again.replayed).toBe(false);
  });

  test("a transfer to oneself or to nobody changes nothing", async () => {
    const id = await insertPlayer(db, "alone", { balance: 100 });
    expect(await codeOf(transfer(db, id, { to: "ALONE", amount: 5 }))).toBe(
      "VALIDATION_FAILED",
    );
    expect(await codeOf(transfer(db, id, { to: "ghost", amount: 5 }))).toBe(
      "NOT_FOUND",
    );
    expect((await money(db, id)).balance).toBe(100);
  });

  test("writes a ledger entry with balance after and version for each side", async () => {
    const a = await insertPlayer(db, "alice", { balance: 500 });
    const b = await insertPlayer(db, "bob");
    await transfer(db, a, { to: "bob", amount: 120 });
    const { rows } = await db.query(
      "SELECT player_id, kind, amount, balance_after, version FROM ledger_entries WHERE kind LIKE 'transfer%' ORDER BY id",
    );
    expect(
      rows.map((r) => [
        Number(r.player_id),
        r.kind,
        Number(r.amount),
        Number(r.balance_after),
      ]),
    ).toEqual([
      [a, "transfer_out", -120, 380],
      [b, "transfer_in", 120, 120],
    ]);
    expect(Number(rows[1].version)).toBe((await money(db, b)).version);
  });
});
