import { parseSettings } from "../src/settings";
import { Db } from "../src/store/db";
import { migrate } from "../src/store/migrations";
import { runTick } from "../src/store/tick";
import { seedPlayers } from "./seed";

/**
 * Measures one tick's duration at a given player count against a fresh
 * database: `node dist-bench/bench/tickScale.js 10000 100000`.
 */
async function main() {
  const base =
    process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const counts = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  for (const count of counts.length ? counts : [10_000, 100_000]) {
    const name = `accrue_tickscale_${count}`;
    const admin = new Db({ connectionString: base, max: 1 });
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.close();
    const url = new URL(base);
    url.pathname = `/${name}`;
    const db = new Db({ connectionString: url.toString(), max: 4 });
    await migrate(db);
    await seedPlayers(db, count);
    await db.query("VACUUM ANALYZE players");
    const durations: number[] = [];
    for (let i = 1; i <= 6; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const record = await runTick(db, {
        dueMs: i,
        nodeId: "bench",
        batchSize: parseSettings({
          TICK_BATCH_SIZE: process.env.TICK_BATCH_SIZE,
        }).TICK_BATCH_SIZE,
      });
      durations.push(record.durationMs);
      process.stderr.write(
        `tick ${i}: ${record.durationMs} ms, ${record.settled} settled\n`,
      );
    }
    const t0 = Date.now();
    await db.query(
      "UPDATE players SET balance = balance + 1, version = version + 1 WHERE income_per_second > 0",
    );
    const plain = Date.now() - t0;
    const sorted = durations.slice(1).sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        players: count,
        tickMs: {
          min: sorted[0],
          median: sorted[Math.floor(sorted.length / 2)],
          max: sorted.at(-1),
        },
        plainUpdateMs: plain,
      }),
    );
    await db.close();
  }
}

void main();
