import { settings } from "../settings";

/**
 * Actionhero's own web and Primus websocket servers stay off: Accrue's `http`
 * server speaks the contract's JSON and error shapes exactly, and `ws` (at
 * `/ws` on the same port) is the one WebSocket protocol.
 */
export const DEFAULT = {
  web: () => ({ enabled: false }),
  websocket: () => ({ enabled: false }),
  http: () => {
    const s = settings();
    return {
      enabled: s.ROLE !== "worker",
      port: s.PORT,
      bindIP: s.BIND_HOST,
      /** Largest request body in bytes; over it answers 413 TOO_LARGE. */
      maxBodyBytes: 64 * 1024,
    };
  },
  /** The WebSocket transport at `/ws` on the HTTP port. */
  ws: () => ({ enabled: settings().ROLE !== "worker" }),
  /** The raw TCP transport (newline-delimited JSON). */
  tcp: () => {
    const s = settings();
    return {
      enabled: s.ROLE !== "worker",
      port: s.TCP_PORT,
      bindIP: s.BIND_HOST,
    };
  },
};

export const test = DEFAULT;
