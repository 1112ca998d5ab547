import { z } from "zod";
import type { WireError } from "../errors/appError";

/**
 * The socket protocol's messages (WebSocket frames and TCP lines carry the
 * same JSON). See docs/protocol.md.
 */

/** Largest message, in bytes, on either transport. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** Events the server sends unasked. */
export const SocketEvents = {
  welcome: "welcome",
  state: "state",
  say: "say",
  reconnect: "reconnect",
  /** Extension: the session ended (logout elsewhere or expiry). */
  signedOut: "signedOut",
} as const;
export type SocketEvent = (typeof SocketEvents)[keyof typeof SocketEvents];

/**
 * Wire action names and the Actionhero action each one runs. Actionhero
 * reserves `roomLeave` and `say` as connection verbs, so those two are
 * registered under other names.
 */
export const SOCKET_ACTIONS = {
  signup: "signup",
  login: "login",
  logout: "logout",
  authenticate: "authenticate",
  me: "me",
  items: "items",
  purchase: "purchase",
  transfer: "transfer",
  ledger: "ledger",
  resync: "resync",
  roomJoin: "roomJoin",
  roomLeave: "leaveRoom",
  say: "sayInRoom",
} as const;
export type SocketAction = keyof typeof SOCKET_ACTIONS;

/** Actions whose success signs the connection in. */
export const SIGN_IN_ACTIONS: ReadonlySet<string> = new Set([
  "signup",
  "login",
  "authenticate",
]);

const requestId = z.union([
  z.string().min(1).max(128),
  z.number().refine(Number.isSafeInteger),
]);
export type RequestId = z.infer<typeof requestId>;

const requestSchema = z.strictObject({
  id: requestId,
  action: z.string().min(1).max(64),
  params: z.record(z.string(), z.unknown()).optional(),
});

export type SocketRequest = z.infer<typeof requestSchema>;

/** A message that could not be read as a request; `id` when one was readable. */
export class BadMessage extends Error {
  constructor(
    message: string,
    readonly id?: RequestId,
  ) {
    super(message);
    this.name = "BadMessage";
  }
}

/** Parses one message's text into a request, or throws BadMessage. */
export function parseRequest(text: string): SocketRequest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadMessage("message is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BadMessage("message must be a JSON object");
  }
  const result = requestSchema.safeParse(value);
  if (result.success) return result.data;
  const raw = (value as { id?: unknown }).id;
  const id = requestId.safeParse(raw).success ? (raw as RequestId) : undefined;
  const issue = result.error.issues[0];
  const field =
    issue.path.join(".") ||
    (issue.code === "unrecognized_keys" ? issue.keys.join(", ") : "message");
  throw new BadMessage(
    `${field}: ${issue.code === "unrecognized_keys" ? "unknown field" : issue.message}`,
    id,
  );
}

/** A reply to a request. */
export function encodeReply(id: RequestId | undefined, data: object): string {
  return JSON.stringify({ id, ok: true, data });
}

/** An error reply; `id` is left out when the request had none readable. */
export function encodeError(
  id: RequestId | undefined,
  error: WireError,
): string {
  return JSON.stringify(
    id === undefined ? { ok: false, error } : { id, ok: false, error },
  );
}

/** A server event; `extra` adds top-level fields (e.g. `committedAt`). */
export function encodeEvent(
  event: SocketEvent,
  data: object,
  extra: object = {},
): string {
  return JSON.stringify({ event, data, ...extra });
}
