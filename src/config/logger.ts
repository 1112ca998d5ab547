import * as winston from "winston";
import { settings } from "../settings";

/**
 * One structured logger: a JSON line per event on stdout, with the fixed
 * message in `message` and everything that varies beside it.
 */
export const DEFAULT = {
  logger: () => {
    const level =
      process.env.NODE_ENV === "test" && !process.env.LOG_LEVEL
        ? "crit"
        : settings().LOG_LEVEL;
    return {
      loggers: [
        () =>
          winston.createLogger({
            level,
            levels: winston.config.syslog.levels,
            format: winston.format.combine(
              winston.format.timestamp(),
              winston.format.json(),
            ),
            transports: [new winston.transports.Console()],
          }),
      ],
      maxLogStringLength: 200,
      maxLogArrayLength: 10,
    };
  },
};

export const test = DEFAULT;
