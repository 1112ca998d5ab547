import { Pool, PoolClient, PoolConfig, QueryResultRow } from "pg";

/**
 * The Postgres handle every store module takes. Wraps a pg Pool so callers
 * never forget to release a client or to roll back a failed transaction.
 */
export class Db {
  readonly pool: Pool;

  constructor(config: PoolConfig) {
    this.pool = new Pool(config);
    // An idle client losing its server must not crash the process: the pool
    // drops it and the next query reconnects (or reports UNAVAILABLE).
    this.pool.on("error", () => undefined);
  }

  /** Runs one statement outside any transaction. */
  async query<R extends QueryResultRow>(sql: string, params: unknown[] = []) {
    return this.pool.query<R>(sql, params);
  }

  /** Runs `work` in one READ COMMITTED transaction; rolls back on throw. */
  async transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Closes every pooled connection. */
  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** A client inside a transaction, or the pool itself, for reads. */
export type Queryable = Pick<PoolClient, "query">;
