import { hashToken, newToken } from "../src/game/passwords";
import { Db } from "../src/store/db";
import { progress, seedPlayers } from "./seed";

/**
 * The bench's players: `players` seeded with varied incomes (bench/seed.ts),
 * the first `connections` of them with session tokens for socket clients,
 * the next `httpPlayers` with tokens for the HTTP runs. Players that spend
 * (active socket clients, HTTP players) start rich so their actions are
 * accepted rather than refused for funds. Finally every row is copied to
 * `bench_initial`, the starting point of the money check.
 */
export interface Population {
  /** Socket players, in id order: index i is the i-th connection. */
  socket: BenchPlayer[];
  /** Players used with autocannon. */
  http: BenchPlayer[];
}

export interface BenchPlayer {
  playerId: number;
  username: string;
  token: string;
}

/** Balance of the players that spend during the run. */
export const RICH_BALANCE = 1_000_000_000_000;

const SESSION_BATCH = 5_000;

/** Seeds and prepares every player; see `Population`. */
export async function populate(
  db: Db,
  counts: {
    players: number;
    connections: number;
    active: number;
    httpPlayers: number;
  },
): Promise<Population> {
  await seedPlayers(db, counts.players);
  const withTokens = counts.connections + counts.httpPlayers;
  const players = await firstPlayers(db, withTokens);
  const tokens = players.map(() => newToken());
  await insertSessions(db, players, tokens);

  const socket = players.slice(0, counts.connections);
  const http = players.slice(counts.connections);
  const rich = [...socket.slice(0, counts.active), ...http].map(
    (p) => p.playerId,
  );
  await db.query(
    "UPDATE players SET balance = $2 WHERE id = ANY($1::BIGINT[])",
    [rich, RICH_BALANCE],
  );
  await db.query(
    `CREATE TABLE bench_initial AS
       SELECT id, balance, income_per_second, accrued_ms, income_carry FROM players`,
  );
  await db.query("ALTER TABLE bench_initial ADD PRIMARY KEY (id)");
  await db.query("VACUUM ANALYZE players");
  const withToken = (p: { playerId: number; username: string }, i: number) => ({
    ...p,
    token: tokens[i],
  });
  return {
    socket: socket.map(withToken),
    http: http.map((p, i) => withToken(p, i + socket.length)),
  };
}

async function firstPlayers(db: Db, count: number) {
  const result = await db.query<{ id: string; username: string }>(
    "SELECT id, username FROM players ORDER BY id LIMIT $1",
    [count],
  );
  return result.rows.map((row) => ({
    playerId: Number(row.id),
    username: row.username,
  }));
}

async function insertSessions(
  db: Db,
  players: { playerId: number }[],
  tokens: string[],
) {
  for (let start = 0; start < players.length; start += SESSION_BATCH) {
    const slice = players.slice(start, start + SESSION_BATCH);
    await db.query(
      `INSERT INTO sessions (token_hash, player_id, expires_at)
       SELECT * , now() + interval '1 day' FROM unnest($1::BYTEA[], $2::BIGINT[])`,
      [
        tokens.slice(start, start + slice.length).map(hashToken),
        slice.map((p) => p.playerId),
      ],
    );
    progress("session tokens ", start + slice.length, players.length);
  }
}
