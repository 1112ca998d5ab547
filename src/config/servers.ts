import { settings } from "../settings";

/**
 * Actionhero's own web and Primus websocket servers stay off: Accrue's `http`
 * server speaks the contract's JSON and error shapes exactly and hosts the
 * one WebSocket protocol at `/ws`.
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
};

export const test = DEFAULT;
