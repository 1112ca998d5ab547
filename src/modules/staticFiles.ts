import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

/** Friendly paths for the two pages. */
const ALIASES: Record<string, string> = {
  "/": "/index.html",
  "/dashboard": "/dashboard.html",
};

/**
 * Serves a file from `root` for a GET path, or answers false when there is
 * none. Paths that would leave `root` are treated as missing.
 */
export async function serveStatic(
  root: string,
  urlPath: string,
  res: ServerResponse,
): Promise<boolean> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(ALIASES[urlPath] ?? urlPath);
  } catch {
    return false;
  }
  const file = path.resolve(root, "." + path.posix.normalize(decoded));
  if (!file.startsWith(path.resolve(root) + path.sep)) return false;
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return false;

  res.writeHead(200, {
    "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream",
    "Content-Length": info.size,
    "Cache-Control": "no-cache",
  });
  createReadStream(file).pipe(res);
  return true;
}
