/**
 * Codes the SDK raises on its own, without a server reply. They never come
 * from the server, so a caller can tell "the server said no" from "the
 * answer never arrived".
 */
export const ClientErrorCode = {
  /** The connection closed (or was never open) before a reply arrived. */
  DISCONNECTED: "DISCONNECTED",
  /** No reply arrived within `requestTimeoutMs`. */
  TIMEOUT: "TIMEOUT",
  /** The server sent something that breaks the wire contract. */
  PROTOCOL: "PROTOCOL",
} as const;

/** One of the SDK's own codes. */
export type ClientErrorCode =
  (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

/**
 * Codes the server answers with (contract v1.1, "Errors"). The server may add
 * codes, so an `AccrueError` can also carry a code outside this list.
 */
export const ServerErrorCode = {
  BAD_REQUEST: "BAD_REQUEST",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  USERNAME_TAKEN: "USERNAME_TAKEN",
  INSUFFICIENT_FUNDS: "INSUFFICIENT_FUNDS",
  IDEMPOTENCY_CONFLICT: "IDEMPOTENCY_CONFLICT",
  VALIDATION_FAILED: "VALIDATION_FAILED",
  /** Also raised locally when a request is over `maxMessageBytes`. */
  TOO_LARGE: "TOO_LARGE",
  RATE_LIMITED: "RATE_LIMITED",
  INTERNAL: "INTERNAL",
  UNAVAILABLE: "UNAVAILABLE",
} as const;

/** One of the contract's server codes. */
export type ServerErrorCode =
  (typeof ServerErrorCode)[keyof typeof ServerErrorCode];

/**
 * Any code an `AccrueError` can carry. The `string & {}` arm keeps editor
 * completion for the known codes while still admitting codes the server adds
 * later.
 */
export type AccrueErrorCode = ClientErrorCode | ServerErrorCode | (string & {});

/**
 * The error every SDK promise rejects with: a refused request (the server's
 * `{code, message}`) or a local failure (`DISCONNECTED`, `TIMEOUT`, ...).
 */
export class AccrueError extends Error {
  /** Machine-readable code; compare against `ServerErrorCode` or `ClientErrorCode`. */
  readonly code: AccrueErrorCode;

  /**
   * @param code machine-readable code, e.g. `INSUFFICIENT_FUNDS`
   * @param message short human-readable fragment
   * @param options standard `cause` to keep the underlying error
   */
  constructor(code: AccrueErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "AccrueError";
    this.code = code;
  }
}

/**
 * Builds an `AccrueError` from a reply's `error` member. A reply that lacks
 * a usable code is itself a contract breach, hence `PROTOCOL`.
 */
export function errorFromWire(error: unknown): AccrueError {
  const body = (typeof error === "object" && error) || {};
  const { code, message } = body as { code?: unknown; message?: unknown };
  if (typeof code !== "string") {
    return new AccrueError(
      ClientErrorCode.PROTOCOL,
      "error reply without a code",
    );
  }

  return new AccrueError(code, typeof message === "string" ? message : code);
}

/**
 * True when the error was raised locally because the reply never came, as
 * opposed to a refusal the server actually sent.
 */
export function isConnectionFailure(error: unknown): boolean {
  return (
    error instanceof AccrueError &&
    (error.code === ClientErrorCode.DISCONNECTED ||
      error.code === ClientErrorCode.TIMEOUT)
  );
}

/**
 * Returns `value` if it is an Error, else an Error describing it, so that a
 * caught value can be reported or chained whatever was thrown.
 */
export function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
