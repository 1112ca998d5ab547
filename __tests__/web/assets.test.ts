import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/**
 * The pages' assets as the build leaves them in public/ (run `npm run
 * build` first). Small assets fetched in one round keep each page's load
 * under a second on localhost.
 */
const PUBLIC = path.join(__dirname, "..", "..", "public");

/** Bytes one page may fetch before any API call: HTML, CSS and scripts. */
const PAGE_BUDGET = 80 * 1024;

const PAGES = [
  { html: "index.html", entry: "js/player/main.js" },
  { html: "dashboard.html", entry: "js/dashboard/main.js" },
];

describe("Web: page assets", () => {
  test.each(PAGES)("$html preloads every module it imports", (page) => {
    const html = read(page.html);
    const preloaded = attributes(
      html,
      /<link rel="modulepreload" href="\/([^"]+)"/g,
    );

    expect(attributes(html, /<script type="module" src="\/([^"]+)"/g)).toEqual([
      page.entry,
    ]);
    expect(preloaded.sort()).toEqual(importGraph(page.entry).slice(1).sort());
  });

  test.each(PAGES)("$html stays within its byte budget", (page) => {
    const html = read(page.html);
    const files = [
      page.html,
      ...attributes(html, /<link rel="stylesheet" href="\/([^"]+)"/g),
      ...importGraph(page.entry),
    ];
    const bytes = files.reduce(
      (sum, file) => sum + statSync(path.join(PUBLIC, file)).size,
      0,
    );
    expect(bytes).toBeLessThan(PAGE_BUDGET);
  });
});

function read(file: string): string {
  const full = path.join(PUBLIC, file);
  if (!existsSync(full))
    throw new Error(`missing public/${file}: run npm run build`);
  return readFileSync(full, "utf8");
}

function attributes(html: string, pattern: RegExp): string[] {
  return [...html.matchAll(pattern)].map((match) => match[1]);
}

/** `entry` and every module it imports, directly or not, entry first. */
function importGraph(entry: string): string[] {
  const seen: string[] = [];
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.includes(file)) continue;
    seen.push(file);
    for (const match of read(file).matchAll(/(?:from|import) "(\.[^"]+)"/g)) {
      queue.push(path.posix.join(path.posix.dirname(file), match[1]));
    }
  }
  return seen;
}
