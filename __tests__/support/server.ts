import { Process, api } from "actionhero";
import type { HttpServer } from "../../src/servers/http";
import { truncateAll } from "./db";
import { use } from "../../src/modules/runtime";

/** A real Actionhero process inside this jest worker, on a free port. */
export interface TestNode {
  process: Process;
  baseUrl: string;
  port: number;
  stop(): Promise<void>;
  /** Empties the database and this worker's Redis db. */
  reset(): Promise<void>;
}

export async function startNode(): Promise<TestNode> {
  const process = new Process();
  await process.start();
  const http = api.servers.servers.http as unknown as HttpServer;
  const port = http.address()!.port;
  return {
    process,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    stop: () => process.stop(),
    reset: async () => {
      await truncateAll(use("db"));
      await use("redis").flushdb();
    },
  };
}
