import { BackoffOptions, resolveBackoff } from "./backoff";
import { ConnectorOptions } from "./connector";
import { checkEndpoint, TransportKind } from "./transport";

/** Default for `requestTimeoutMs`: 10 000 ms. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** Default for `maxMessageBytes`: 64 KiB, the contract's default socket limit. */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;

/** Options of `new AccrueClient(options)`. */
export interface AccrueClientOptions {
  /** Socket kind: `ws` (WebSocket at `/ws`) or `tcp` (newline-delimited JSON). Required. */
  transport: TransportKind;
  /**
   * Nodes to connect to, e.g. `ws://127.0.0.1:8080/ws` or
   * `tcp://127.0.0.1:5000`; all of the `transport` kind. The first is tried
   * first; every failed attempt or drop moves on to the next, wrapping round.
   * Required, at least one.
   */
  endpoints: string[];
  /** How long a request (and the welcome) may take, milliseconds. Default 10000; range >= 1. */
  requestTimeoutMs?: number;
  /** Reconnect after a drop or a server `reconnect` event. Default true. */
  reconnect?: boolean;
  /** Delays between attempts; see `BackoffOptions`. Default `{initialMs: 100, maxMs: 5000, jitter: 0.5}`. */
  backoff?: Partial<BackoffOptions>;
  /** Session token to sign in with on every connect. Default none. */
  token?: string;
  /**
   * Largest request sent, bytes of JSON; larger ones reject with `TOO_LARGE`
   * unsent, because the server would close the connection. Default 65536;
   * range >= 1.
   */
  maxMessageBytes?: number;
}

/** Options with defaults filled in, as the client and its connector use them. */
export interface ResolvedClientOptions extends ConnectorOptions {
  /** See `AccrueClientOptions.requestTimeoutMs`. */
  requestTimeoutMs: number;
  /** See `AccrueClientOptions.maxMessageBytes`. */
  maxMessageBytes: number;
  /** See `AccrueClientOptions.token`. */
  token: string | undefined;
}

/**
 * Fills in the defaults (all of them here, in one place) and checks every
 * option, so a mistake fails at construction rather than at first connect.
 *
 * @throws TypeError or RangeError naming the bad option
 */
export function resolveClientOptions(
  options: AccrueClientOptions,
): ResolvedClientOptions {
  const kind = options.transport;
  const endpoints = [...(options.endpoints ?? [])];
  const requestTimeoutMs =
    options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const reconnect = options.reconnect ?? true;
  const backoff = resolveBackoff(options.backoff);
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;

  if (kind !== "ws" && kind !== "tcp") {
    throw new TypeError(`transport must be "ws" or "tcp", got ${kind}`);
  }
  if (endpoints.length === 0) throw new TypeError("endpoints is empty");
  for (const endpoint of endpoints) checkEndpoint(kind, endpoint);
  if (!(requestTimeoutMs >= 1)) {
    throw new RangeError("requestTimeoutMs must be >= 1");
  }
  if (!(maxMessageBytes >= 1)) {
    throw new RangeError("maxMessageBytes must be >= 1");
  }

  const welcomeTimeoutMs = requestTimeoutMs;
  return {
    kind,
    endpoints,
    welcomeTimeoutMs,
    reconnect,
    backoff,
    requestTimeoutMs,
    maxMessageBytes,
    token: options.token,
  };
}
