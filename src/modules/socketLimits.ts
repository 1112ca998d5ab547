import { settings } from "../settings";

/** Per-connection limits of the socket transports; see README, Configuration. */
export interface SocketLimits {
  /** Requests a connection may send per second. */
  messagesPerSecond: number;
  /** `say` requests a connection may send per second. */
  saysPerSecond: number;
  /** Unsent bytes above which state pushes wait (latest wins). */
  pushHighWaterBytes: number;
  /** Unsent bytes at which the connection is closed at once. */
  maxBufferedBytes: number;
  /** How long a connection may stay above the high-water mark. */
  slowClientMs: number;
}

/** The limits from settings. */
export function socketLimits(): SocketLimits {
  const s = settings();
  return {
    messagesPerSecond: s.SOCKET_MESSAGES_PER_SECOND,
    saysPerSecond: s.SAYS_PER_SECOND,
    pushHighWaterBytes: 64 * 1024,
    maxBufferedBytes: s.SOCKET_MAX_BUFFERED_BYTES,
    slowClientMs: s.SLOW_CLIENT_MS,
  };
}
