import { hostname } from "node:os";
import { settings } from "../settings";

let id: string | undefined;

/**
 * This node's id: `NODE_ID` when set, else `<role>-<host>-<pid>`. It names
 * the node in presence, logs, `/api/status` and every socket's `welcome`.
 */
export function nodeId(): string {
  id ??=
    settings().NODE_ID ?? `${settings().ROLE}-${hostname()}-${process.pid}`;
  return id;
}
