import { AppError, isExpected } from "../errors/appError";
import { ErrorCodes } from "../errors/codes";

/**
 * How failed actions are logged: a client's mistake at `info`, a passing
 * outage at `warning`, and only our own faults at `error` with their stack
 * (in the log, never in a reply).
 */
export const DEFAULT = {
  // `_toExpand: false` (kept from Actionhero's block) makes the merge take
  // this object whole, so it starts from Actionhero's own error settings.
  errors: (config: { errors: Record<string, any> }) => ({
    ...config.errors,
    serializers: {
      ...config.errors.serializers,
      actionProcessor: (error: Error) => {
        if (error instanceof AppError) {
          return {
            logLevel:
              ErrorCodes[error.code].category === "retryLater"
                ? "warning"
                : isExpected(error)
                  ? "info"
                  : "error",
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
