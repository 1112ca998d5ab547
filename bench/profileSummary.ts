import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * Summarises a V8 `.cpuprofile` (written by `npm run bench -- --cpu-prof`
 * into bench/results/profiles.tmp/): self time by function and by package,
 * so docs/performance.md can say where a node's time goes.
 *
 *   node dist-bench/bench/profileSummary.js FILE.cpuprofile [TOP] [FUNCTION]
 *
 * With FUNCTION, also lists the call paths (twelve frames up) that spent
 * that function's self time.
 */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function main(): void {
  const [file, top = "25", focus] = process.argv.slice(2);
  if (!file) throw new Error("usage: profileSummary FILE.cpuprofile [TOP]");
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes)
    for (const child of n.children ?? []) parent.set(child, n.id);
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000),
  );
  const total = [...selfMs.values()].reduce((a, b) => a + b, 0);

  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const byPath = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const frame = byId.get(id)!.callFrame;
    const where = frame.url
      ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}`
      : "";
    add(
      byFunction,
      `${frame.functionName || "(anonymous)"} ${where}`.trim(),
      ms,
    );
    add(byPackage, packageOf(frame.url, frame.functionName), ms);
    if (focus && frame.functionName === focus)
      add(byPath, callPath(id, byId, parent), ms);
  }
  process.stdout.write(
    `${path.basename(file)}: ${(total / 1000).toFixed(1)} s sampled\n\nby package:\n`,
  );
  print(byPackage, total, 15);
  process.stdout.write(`\nby function (self time):\n`);
  print(byFunction, total, Number(top));
  if (focus) {
    process.stdout.write(`\ncall paths of ${focus}:\n`);
    print(byPath, total, 10);
  }
}

/** The twelve frames above a profile node, innermost first. */
function callPath(
  id: number,
  byId: Map<number, ProfileNode>,
  parent: Map<number, number>,
): string {
  const frames: string[] = [];
  for (
    let at = parent.get(id);
    at !== undefined && frames.length < 12;
    at = parent.get(at)
  ) {
    const frame = byId.get(at)!.callFrame;
    frames.push(
      `${frame.functionName || "(anonymous)"} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`,
    );
  }
  return frames.join(" < ");
}

function add(map: Map<string, number>, key: string, ms: number) {
  map.set(key, (map.get(key) ?? 0) + ms);
}

function print(map: Map<string, number>, total: number, top: number) {
  for (const [key, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
    process.stdout.write(
      `${((ms / total) * 100).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(7)} ms  ${key}\n`,
    );
}

/** `node_modules/<pkg>`, `accrue` for our own code, or V8's own buckets. */
function packageOf(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1];
  if (url.startsWith("node:")) return "node core";
  return "accrue";
}

function shortUrl(url: string): string {
  return url
    .replace(/^file:\/\//, "")
    .replace(/^.*\/(node_modules|dist)\//, "$1/");
}

main();
