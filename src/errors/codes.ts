/**
 * The contract's error codes, one registry for every transport. Each entry
 * gives the HTTP status, a default message, and who is at fault, which
 * decides the log level (client mistakes are not server faults).
 */
export type ErrorCategory =
  "badInput" | "forbidden" | "retryLater" | "serverFault";

export interface ErrorSpec {
  /** HTTP status sent with this code. */
  status: number;
  /** Default message when the thrower gives none. */
  message: string;
  /** Who is at fault; picks the log level and tells clients whether to retry. */
  category: ErrorCategory;
}

export const ErrorCodes = {
  BAD_REQUEST: {
    status: 400,
    message: "request could not be parsed",
    category: "badInput",
  },
  UNAUTHENTICATED: {
    status: 401,
    message: "sign in first",
    category: "forbidden",
  },
  FORBIDDEN: { status: 403, message: "not allowed", category: "forbidden" },
  NOT_FOUND: { status: 404, message: "not found", category: "badInput" },
  USERNAME_TAKEN: {
    status: 409,
    message: "username is taken",
    category: "badInput",
  },
  INSUFFICIENT_FUNDS: {
    status: 409,
    message: "balance too low",
    category: "badInput",
  },
  IDEMPOTENCY_CONFLICT: {
    status: 409,
    message: "idempotencyKey was used with other parameters",
    category: "badInput",
  },
  TOO_LARGE: { status: 413, message: "body over 64 KiB", category: "badInput" },
  VALIDATION_FAILED: {
    status: 422,
    message: "invalid parameters",
    category: "badInput",
  },
  RATE_LIMITED: {
    status: 429,
    message: "too many requests",
    category: "retryLater",
  },
  INTERNAL: { status: 500, message: "internal error", category: "serverFault" },
  UNAVAILABLE: {
    status: 503,
    message: "a backing service is unreachable, retry shortly",
    category: "retryLater",
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ErrorCodes;

/** True when `code` is one of the contract's codes. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && Object.hasOwn(ErrorCodes, code);
}
