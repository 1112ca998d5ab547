import { AppError } from "../errors/appError";
import { CATALOG, Item } from "../game/catalog";
import { PlayerState, safeNumber } from "../game/state";
import { Db, Queryable } from "./db";
import { oncePerKey, Outcome } from "./idempotency";
import { appendEntry } from "./ledger";
import {
  PlayerRow,
  STATE_COLUMNS,
  findPlayerId,
  lockAndSettle,
  toState,
} from "./players";

/**
 * Money operations. Each is one transaction that locks the players it
 * changes, settles their income up to the database's now, checks funds,
 * applies the change with a version bump and writes the ledger entries.
 */

export interface PurchaseResult {
  state: PlayerState;
  purchase: {
    id: number;
    itemId: number;
    quantity: number;
    cost: number;
    incomePerSecond: number;
  };
}

export interface TransferResult {
  state: PlayerState;
  transfer: { id: number; to: string; amount: number };
}

/** A change and every player state it touched, for pushes. */
export interface Changed<T> extends Outcome<T> {
  changed: PlayerState[];
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Upserts the seeded catalog; safe to run on every start. */
export async function seedCatalog(db: Db): Promise<void> {
  for (const item of CATALOG) {
    await db.query(
      `INSERT INTO items (id, name, cost, income_per_second) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET name = $2, cost = $3, income_per_second = $4`,
      [item.id, item.name, item.cost, item.incomePerSecond],
    );
  }
}

/** The catalog as stored, cheapest first. */
export async function listItems(db: Db): Promise<Item[]> {
  const result = await db.query<ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM items ORDER BY cost, id`,
  );
  return result.rows.map(toItem);
}

/** Buys `quantity` of an item: pays its cost, adds its income. */
export async function purchase(
  db: Db,
  playerId: number,
  input: { itemId: number; quantity: number; idempotencyKey?: string },
): Promise<Changed<PurchaseResult>> {
  const fingerprint = JSON.stringify([
    "purchase",
    input.itemId,
    input.quantity,
  ]);
  return db.transaction(async (client) => {
    const outcome = await oncePerKey(
      client,
      playerId,
      input.idempotencyKey,
      fingerprint,
      () => buy(client, playerId, input.itemId, input.quantity),
    );
    return {
      ...outcome,
      changed: outcome.replayed ? [] : [outcome.result.state],
    };
  });
}

async function buy(
  client: Queryable,
  playerId: number,
  itemId: number,
  quantity: number,
): Promise<PurchaseResult> {
  const item = await findItem(client, itemId);
  const before = await mustSettle(client, playerId);
  const cost = BigInt(item.cost) * BigInt(quantity);
  if (cost > BigInt(before.balance)) {
    throw new AppError(
      "INSUFFICIENT_FUNDS",
      `balance ${before.balance} is below the cost ${cost}`,
    );
  }
  const income = BigInt(item.incomePerSecond) * BigInt(quantity);
  if (income + BigInt(before.incomePerSecond) > MAX_SAFE) {
    throw new AppError(
      "VALIDATION_FAILED",
      "quantity: income would exceed the largest safe integer",
    );
  }

  const after = await applyChange(client, playerId, -cost, income);
  await client.query(
    `INSERT INTO holdings (player_id, item_id, quantity) VALUES ($1, $2, $3)
     ON CONFLICT (player_id, item_id) DO UPDATE SET quantity = holdings.quantity + $3`,
    [playerId, itemId, quantity],
  );
  const ref = { itemId, quantity };
  const id = await appendEntry(client, "purchase", -Number(cost), after, ref);
  return {
    state: after,
    purchase: {
      id,
      itemId,
      quantity,
      cost: Number(cost),
      incomePerSecond: Number(income),
    },
  };
}

/** Sends money to another player by username. */
export async function transfer(
  db: Db,
  playerId: number,
  input: { to: string; amount: number; idempotencyKey?: string },
): Promise<Changed<TransferResult>> {
  const fingerprint = JSON.stringify([
    "transfer",
    input.to.toLowerCase(),
    input.amount,
  ]);
  return db.transaction(async (client) => {
    let recipient: PlayerState | undefined;
    const outcome = await oncePerKey(
      client,
      playerId,
      input.idempotencyKey,
      fingerprint,
      async () => {
        const moved = await move(client, playerId, input.to, input.amount);
        recipient = moved.recipient;
        return moved.result;
      },
    );
    const changed = outcome.replayed ? [] : [outcome.result.state, recipient!];
    return { ...outcome, changed };
  });
}

async function move(
  client: Queryable,
  senderId: number,
  to: string,
  amount: number,
): Promise<{ result: TransferResult; recipient: PlayerState }> {
  const recipientId = await findPlayerId(client, to);
  if (recipientId === null)
    throw new AppError("NOT_FOUND", `to: no player named ${to}`);
  if (recipientId === senderId) {
    throw new AppError(
      "VALIDATION_FAILED",
      "to: cannot send money to yourself",
    );
  }

  // Lock in id order so two opposite transfers cannot deadlock.
  const [first, second] =
    senderId < recipientId ? [senderId, recipientId] : [recipientId, senderId];
  const locked = new Map([
    [first, await mustSettle(client, first)],
    [second, await mustSettle(client, second)],
  ]);
  const sender = locked.get(senderId)!;
  const receiver = locked.get(recipientId)!;
  if (amount > sender.balance) {
    throw new AppError(
      "INSUFFICIENT_FUNDS",
      `balance ${sender.balance} is below the amount ${amount}`,
    );
  }
  if (BigInt(receiver.balance) + BigInt(amount) > MAX_SAFE) {
    throw new AppError(
      "VALIDATION_FAILED",
      "amount: the recipient's balance would exceed the largest safe integer",
    );
  }

  const senderAfter = await applyChange(client, senderId, -BigInt(amount), 0n);
  const receiverAfter = await applyChange(
    client,
    recipientId,
    BigInt(amount),
    0n,
  );
  const id = await appendEntry(client, "transfer_out", -amount, senderAfter, {
    to: receiver.username,
  });
  await appendEntry(client, "transfer_in", amount, receiverAfter, {
    from: sender.username,
    transferId: id,
  });
  return {
    result: {
      state: senderAfter,
      transfer: { id, to: receiver.username, amount },
    },
    recipient: receiverAfter,
  };
}

/** An operator's grant to a player by username. */
export async function grant(
  db: Db,
  input: { username: string; amount: number; reason: string },
): Promise<Changed<{ state: PlayerState }>> {
  return db.transaction(async (client) => {
    const playerId = await findPlayerId(client, input.username);
    if (playerId === null)
      throw new AppError(
        "NOT_FOUND",
        `username: no player named ${input.username}`,
      );
    const before = await mustSettle(client, playerId);
    if (BigInt(before.balance) + BigInt(input.amount) > MAX_SAFE) {
      throw new AppError(
        "VALIDATION_FAILED",
        "amount: the balance would exceed the largest safe integer",
      );
    }
    const after = await applyChange(client, playerId, BigInt(input.amount), 0n);
    await appendEntry(client, "grant", input.amount, after, {
      reason: input.reason,
    });
    return { result: { state: after }, replayed: false, changed: [after] };
  });
}

/** Adds to balance and income of a locked, settled player; bumps the version. */
export async function applyChange(
  client: Queryable,
  playerId: number,
  balanceDelta: bigint,
  incomeDelta: bigint,
): Promise<PlayerState> {
  const result = await client.query<PlayerRow>(
    `UPDATE players SET balance = balance + $2, income_per_second = income_per_second + $3,
            version = version + 1
      WHERE id = $1 RETURNING ${STATE_COLUMNS}`,
    [playerId, balanceDelta.toString(), incomeDelta.toString()],
  );
  return toState(result.rows[0]);
}

async function mustSettle(
  client: Queryable,
  playerId: number,
): Promise<PlayerState> {
  const state = await lockAndSettle(client, playerId);
  if (!state) throw new AppError("NOT_FOUND", "player no longer exists");
  return state;
}

async function findItem(client: Queryable, itemId: number): Promise<Item> {
  const result = await client.query<ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM items WHERE id = $1`,
    [itemId],
  );
  if (!result.rows[0])
    throw new AppError("NOT_FOUND", `itemId: no item ${itemId}`);
  return toItem(result.rows[0]);
}

const ITEM_COLUMNS = "id, name, cost, income_per_second";
type ItemRow = {
  id: string;
  name: string;
  cost: string;
  income_per_second: string;
};

function toItem(row: ItemRow): Item {
  return {
    id: safeNumber(row.id),
    name: row.name,
    cost: safeNumber(row.cost),
    incomePerSecond: safeNumber(row.income_per_second),
  };
}
