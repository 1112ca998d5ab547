import { execFileSync } from "node:child_process";
import os from "node:os";
import { Db } from "../src/store/db";

/** What the figures came from: the machine and the services' versions. */
export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  postgres: string;
  redis: string;
  /** 1, 5 and 15 minute load averages at the start and the end of the run. */
  loadAverageStart: number[];
  loadAverageEnd?: number[];
}

/** Reads the machine and the services' versions. */
export async function readMachine(
  db: Db,
  redisVersion: string,
): Promise<MachineInfo> {
  const pg = await db.query<{ server_version: string }>("SHOW server_version");
  return {
    nproc: nproc(),
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: pg.rows[0].server_version,
    redis: redisVersion,
    loadAverageStart: loadAverage(),
  };
}

/** The load average, rounded to two decimals. */
export function loadAverage(): number[] {
  return os.loadavg().map((x) => Math.round(x * 100) / 100);
}

function nproc(): number {
  try {
    return Number(execFileSync("nproc", { encoding: "utf8" }).trim());
  } catch {
    return os.cpus().length;
  }
}
