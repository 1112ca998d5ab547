import { z } from "zod";

/**
 * Input rules shared by every transport. Amounts and quantities are JSON
 * numbers that are positive safe integers: "10", 1.5 and 1e21 are refused.
 */
export const positiveAmount = z
  .number({ error: "must be a number" })
  .refine(
    Number.isSafeInteger,
    "must be a whole number no larger than 9007199254740991",
  )
  .refine((n) => n > 0, "must be positive");

export const username = z
  .string({ error: "must be a string" })
  .regex(/^[A-Za-z0-9_]{3,32}$/, "must be 3 to 32 of A-Z a-z 0-9 _");

export const password = z
  .string({ error: "must be a string" })
  .min(8, "must be 8 to 128 characters")
  .max(128, "must be 8 to 128 characters");

export const idempotencyKey = z
  .string({ error: "must be a string" })
  .regex(/^[\x21-\x7e]{1,128}$/, "must be 1 to 128 printable ASCII characters");

/** A positive safe integer id, taken from a number or (for query strings) digits. */
export const idParam = z.preprocess(
  (value) =>
    typeof value === "string" && /^\d{1,16}$/.test(value)
      ? Number(value)
      : value,
  positiveAmount,
);

/** A chat room's name. */
export const roomName = z
  .string({ error: "must be a string" })
  .min(1, "is required")
  .max(64, "must be at most 64 characters");

/** Largest ledger page. */
export const MAX_LEDGER_PAGE = 200;

/** `limit` and `before` of a ledger page, from JSON or a query string. */
export const ledgerPage = {
  limit: idParam
    .refine((n) => n <= MAX_LEDGER_PAGE, `must be 1 to ${MAX_LEDGER_PAGE}`)
    .default(50),
  before: idParam.optional(),
};
