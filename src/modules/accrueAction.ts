import { Action, ActionProcessor, Connection } from "actionhero";
import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { AppError } from "../errors/appError";
import { resolveToken } from "../store/accounts";
import { use } from "./runtime";

/** Who may call an action. */
export type Access = "public" | "player" | "admin";

/** What an action's handler receives beside its parsed input. */
export interface Caller {
  connection: Connection;
  /** The signed-in player; set for `player` actions. */
  playerId: number;
  /** The bearer token the call carried, if any. */
  token?: string;
  /** Client address, for rate limits. */
  remoteIP: string;
}

/** Params Actionhero adds itself; they are not the client's input. */
const FRAMEWORK_PARAMS = new Set(["action", "apiVersion"]);

/**
 * Base of every Accrue action: parses params with the action's zod schema
 * (unknown fields refused), checks access, then calls `handle`. Errors are
 * thrown as AppError and reach each transport as `{code, message}`.
 */
export abstract class AccrueAction<
  S extends z.ZodType = z.ZodType,
> extends Action {
  abstract schema: S;
  access: Access = "public";

  abstract handle(input: z.output<S>, caller: Caller): Promise<object>;

  async run(data: Partial<ActionProcessor<Action>>) {
    const connection = data.connection!;
    const input = parseInput(this.schema, data.params ?? {});
    const token = connectionToken(connection);
    const caller: Caller = {
      connection,
      playerId: 0,
      token,
      remoteIP: connection.remoteIP,
    };
    if (this.access === "player") caller.playerId = await requirePlayer(token);
    if (this.access === "admin") await requireAdmin(token);
    return this.handle(input, caller);
  }
}

/** The bearer token a connection carries: per request on HTTP, bound on sockets. */
export function connectionToken(connection: Connection): string | undefined {
  const token = connection.rawConnection?.token;
  return typeof token === "string" && token.length > 0 ? token : undefined;
}

/** Validates params against a schema; the error names the offending field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  params: Record<string, unknown>,
) {
  const clientParams = Object.fromEntries(
    Object.entries(params).filter(([key]) => !FRAMEWORK_PARAMS.has(key)),
  );
  // reportInput: without it zod 4 leaves `input` off every issue, and a
  // wrong-typed field would be reported as missing.
  const result = schema.safeParse(clientParams, { reportInput: true });
  if (result.success) return result.data as z.output<S>;
  throw new AppError(
    "VALIDATION_FAILED",
    describeIssue(result.error.issues[0]),
  );
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") {
    return `${issue.keys.join(", ")}: unknown field${issue.keys.length > 1 ? "s" : ""}`;
  }
  const field = issue.path.length > 0 ? issue.path.join(".") : "params";
  if (issue.code === "invalid_type" && issue.input === undefined)
    return `${field}: is required`;
  return `${field}: ${issue.message}`;
}

async function requirePlayer(token: string | undefined): Promise<number> {
  if (!token)
    throw new AppError("UNAUTHENTICATED", "sign in first: no session token");
  const playerId = await resolveToken(use("db"), token);
  if (playerId === null)
    throw new AppError(
      "UNAUTHENTICATED",
      "session expired or unknown: sign in again",
    );
  return playerId;
}

async function requireAdmin(token: string | undefined): Promise<void> {
  if (!token) throw new AppError("UNAUTHENTICATED", "admin token required");
  const expected = Buffer.from(use("adminToken"));
  const given = Buffer.from(token);
  if (given.length === expected.length && timingSafeEqual(given, expected))
    return;
  // A valid player's token is a known caller without the right: 403, not 401.
  const playerId = await resolveToken(use("db"), token);
  if (playerId !== null)
    throw new AppError("FORBIDDEN", "admin endpoints need the admin token");
  throw new AppError("UNAUTHENTICATED", "admin token is wrong");
}
