import { Action, ActionProcessor, Connection } from "actionhero";
import { ActionsStatus } from "actionhero/dist/classes/actionProcessor";
import { AppError, WireError, toWireError } from "../errors/appError";

/** What a transport sends back for one action call. */
export type Outcome =
  { ok: true; data: object } | { ok: false; error: WireError };

/**
 * Runs one action through Actionhero's action processor, so that every
 * transport shares its middleware, validation and logging, and turns the
 * result into the contract's success or error shape.
 */
export async function runAction(
  connection: Connection,
  action: string,
  params: Record<string, unknown>,
): Promise<Outcome> {
  connection.params = { ...params };
  const processor = new ActionProcessor<Action>(connection);
  const done = await processor.processAction(action);
  return toOutcome(done);
}

function toOutcome(done: ActionProcessor<Action>): Outcome {
  const error = done.response?.error;
  if (!error && done.actionStatus === ActionsStatus.Complete) {
    const { error: _none, ...data } = done.response;
    return { ok: true, data };
  }
  return {
    ok: false,
    error: toWireError(statusError(done.actionStatus, done.action) ?? error),
  };
}

/** Actionhero's own refusals, mapped to the contract's codes. */
function statusError(
  status: ActionsStatus,
  action: string,
): AppError | undefined {
  switch (status) {
    case ActionsStatus.UnknownAction:
      return new AppError(
        "NOT_FOUND",
        `unknown action ${JSON.stringify(action)}`,
      );
    case ActionsStatus.ServerShuttingDown:
      return new AppError(
        "UNAVAILABLE",
        "node is shutting down; reconnect to another",
      );
    case ActionsStatus.TooManyRequests:
      return new AppError(
        "RATE_LIMITED",
        "too many requests in flight on this connection",
      );
    default:
      return undefined;
  }
}
