import type { IncomingMessage } from "node:http";
import { AppError } from "../errors/appError";

/**
 * Reads a request body up to `limit` bytes, counting while bytes arrive so
 * an oversized body is refused without being buffered.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", (error) =>
      reject(
        new AppError("BAD_REQUEST", "request body was cut off", {
          cause: error,
        }),
      ),
    );
  });
}

/**
 * Parses a JSON body that must be an object; an empty body is `{}`. Invalid
 * UTF-8 counts as unparseable rather than being silently replaced.
 */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw new AppError("BAD_REQUEST", "body is not valid UTF-8");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AppError("BAD_REQUEST", "body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

function tooLarge(limit: number): AppError {
  return new AppError(
    "TOO_LARGE",
    `body over ${limit} bytes (limit maxBodyBytes)`,
  );
}
