import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/**
 * CPU time and resident memory of a process, read from Linux's /proc
 * (`/proc/<pid>/stat` fields utime and stime, `/proc/<pid>/status` VmRSS).
 */
export interface ProcSample {
  /** When the sample was taken, ms since the epoch. */
  at: number;
  /** User plus system CPU time used so far, ms. */
  cpuMs: number;
  /** Resident set size, bytes. */
  rssBytes: number;
}

/** Clock ticks per second of /proc's CPU times (usually 100). */
const CLK_TCK = readClockTicks();

/** Samples a process, or undefined when it is gone. */
export function sampleProc(pid: number): ProcSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name may hold spaces; the fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return {
      at: Date.now(),
      cpuMs: (ticks * 1000) / CLK_TCK,
      rssBytes: rssKb * 1024,
    };
  } catch {
    // The process exited between listing and reading: no sample.
    return undefined;
  }
}

/** CPU used between two samples as a share of one core (1 = one full core). */
export function cpuShare(from: ProcSample, to: ProcSample): number {
  const wallMs = to.at - from.at;
  return wallMs > 0 ? (to.cpuMs - from.cpuMs) / wallMs : 0;
}

/** Median RSS of `count` samples `gapMs` apart, to smooth out GC swings. */
export async function steadyRss(
  pid: number,
  count = 5,
  gapMs = 200,
): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const sample = sampleProc(pid);
    if (sample) values.push(sample.rssBytes);
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] ?? 0;
}

function readClockTicks(): number {
  try {
    return (
      Number(
        execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim(),
      ) || 100
    );
  } catch {
    return 100;
  }
}
