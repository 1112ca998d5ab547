/**
 * Accrue client SDK: everything an application needs, from one import.
 * Node only; depends on `ws` and Node's own modules, nothing else in `src`.
 */
export { AccrueClient } from "./accrueClient";
export {
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from "./clientOptions";
export type {
  AccrueClientEvents,
  AccrueClientOptions,
  ClientStatus,
} from "./accrueClient";
export { AccrueError, ClientErrorCode, ServerErrorCode } from "./accrueError";
export type { AccrueErrorCode } from "./accrueError";
export { DEFAULT_BACKOFF } from "./backoff";
export type { BackoffOptions } from "./backoff";
export type { TransportKind } from "./transport";
export * from "./types";
