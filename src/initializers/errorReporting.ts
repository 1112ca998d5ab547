import { Initializer, api, log } from "actionhero";
import { isExpected } from "../errors/appError";

/**
 * Replaces Actionhero's console exception reporter, which logs every failed
 * action at `alert`. A client's mistake or a passing outage is already in
 * the action's log line; only our own faults are reported here.
 */
export class ErrorReportingInitializer extends Initializer {
  constructor() {
    super();
    this.name = "errorReporting";
    this.loadPriority = 2;
  }

  async initialize() {
    api.exceptionHandlers.reporters = [
      (
        error: Error,
        type: string,
        name: string,
        objects: Record<string, unknown> = {},
      ) => {
        if (isExpected(error)) return;
        const { params: _params, response: _response, ...context } = objects;
        log("unexpected error", "error", {
          type,
          name,
          error: String(error),
          stack: error?.stack,
          ...context,
        });
      },
    ];
  }
}
