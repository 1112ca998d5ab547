import { ErrorCode, ErrorCodes, isErrorCode } from "./codes";

/** An error a client may see: a contract code and a short message. */
export class AppError extends Error {
  readonly code: ErrorCode;

  constructor(
    code: ErrorCode,
    message?: string,
    options?: { cause?: unknown },
  ) {
    super(message ?? ErrorCodes[code].message, options);
    this.name = "AppError";
    this.code = code;
  }

  /** HTTP status of this error's code. */
  get status(): number {
    return ErrorCodes[this.code].status;
  }
}

/** What every transport sends for an error: `{code, message}`, never a stack. */
export interface WireError {
  code: ErrorCode;
  message: string;
}

/**
 * Turns anything thrown into the error a client may see. Unknown errors
 * become INTERNAL with a fixed message, so no stack, SQL or id leaks out.
 */
export function toWireError(error: unknown): WireError {
  if (error instanceof AppError)
    return { code: error.code, message: error.message };
  if (isUnavailable(error)) {
    return { code: "UNAVAILABLE", message: ErrorCodes.UNAVAILABLE.message };
  }
  return { code: "INTERNAL", message: ErrorCodes.INTERNAL.message };
}

/** True when the error is a client's fault or a passing outage, not a bug. */
export function isExpected(error: unknown): boolean {
  const wire = toWireError(error);
  return ErrorCodes[wire.code].category !== "serverFault";
}

const unavailableErrnos = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "57P01", // admin_shutdown
  "57P03", // cannot_connect_now
  "08000",
  "08003",
  "08006",
]);

/** What pg and ioredis say when their server is away or not answering. */
const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /Connection is closed/i,
  /Query read timeout/i,
  /connect ECONNREFUSED/i,
  /timeout exceeded when trying to connect/i,
  /Stream isn't writeable/i,
  /MaxRetriesPerRequest/i,
];

/** True when the error says Postgres or Redis could not be reached. */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && unavailableErrnos.has(code)) return true;
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message));
}

export { isErrorCode };
