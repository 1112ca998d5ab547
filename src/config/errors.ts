import { AppError, isExpected } from "../errors/appError";

/**
 * How failed actions are logged: a client's mistake at `info`, a passing
 * outage at `warning`, and only our own faults at `error` with their stack
 * (in the log, never in a reply).
 */
export const DEFAULT = {
  errors: () => ({
    // Actionhero would otherwise call these functions while merging config.
    _toExpand: false,
    serializers: {
      actionProcessor: (error: Error) => {
        if (error instanceof AppError) {
          return {
            logLevel: isExpected(error) ? "info" : "warning",
            errorFields: { error: error.code, detail: error.message },
          };
        }
        if (isExpected(error)) {
          return {
            logLevel: "warning",
            errorFields: { error: "UNAVAILABLE", detail: String(error) },
          };
        }
        return {
          logLevel: "error",
          errorFields: { error: String(error), stack: error?.stack },
        };
      },
    },
  }),
};

export const test = DEFAULT;
