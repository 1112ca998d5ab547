import { ApiError } from "./api.js";

/**
 * Human sentences for every error code of the contract (v1.1, "Errors"),
 * plus the two the browser adds. `context` names what the person was doing,
 * where that changes what the code means to them.
 */
export type ErrorContext =
  | "login"
  | "signup"
  | "purchase"
  | "transfer"
  | "ledger"
  | "session"
  | "admin"
  | "grant";

const GENERAL: Record<string, string> = {
  BAD_REQUEST:
    "The server could not read that request. Reload the page and try again.",
  UNAUTHENTICATED: "Your session has ended. Please log in again.",
  FORBIDDEN: "You are not allowed to do that.",
  NOT_FOUND: "That was not found.",
  USERNAME_TAKEN: "That username is already taken. Please pick another.",
  INSUFFICIENT_FUNDS: "You don't have enough money for that yet.",
  IDEMPOTENCY_CONFLICT:
    "That request was already sent with different details. Please try again.",
  VALIDATION_FAILED: "Some of what you entered is not valid.",
  TOO_LARGE: "That is too much data to send at once.",
  RATE_LIMITED: "Too many attempts. Wait a minute and try again.",
  INTERNAL: "Something went wrong on the server. Please try again.",
  UNAVAILABLE:
    "The game is briefly unavailable. Please try again in a few seconds.",
  NETWORK: "Can't reach the server. Check your connection and try again.",
  BAD_RESPONSE: "The server sent an answer this page cannot read.",
};

const BY_CONTEXT: Partial<Record<ErrorContext, Record<string, string>>> = {
  login: {
    UNAUTHENTICATED: "Wrong username or password.",
    RATE_LIMITED: "Too many failed logins. Wait a minute before trying again.",
  },
  purchase: {
    NOT_FOUND: "That item is no longer sold.",
    INSUFFICIENT_FUNDS: "You can't afford that many yet.",
  },
  transfer: {
    NOT_FOUND: "There is no player with that username.",
    INSUFFICIENT_FUNDS: "You don't have that much money to send.",
  },
  admin: {
    UNAUTHENTICATED:
      "The admin token was not accepted (401). Enter the token the server printed at startup.",
    FORBIDDEN:
      "That is a player's token, not the admin token (403). Enter the admin token.",
  },
  grant: {
    NOT_FOUND: "There is no player with that username.",
  },
};

/** Names the page uses for the fields the server may name. */
const FIELD_NAMES: Record<string, string> = {
  username: "Username",
  password: "Password",
  to: "Recipient",
  amount: "Amount",
  quantity: "Quantity",
  itemId: "Item",
  reason: "Reason",
  query: "Search",
};

/** One sentence to show a person for this error. */
export function errorText(error: ApiError, context?: ErrorContext): string {
  if (error.code === "VALIDATION_FAILED") return validationText(error.message);
  const specific = context ? BY_CONTEXT[context]?.[error.code] : undefined;
  return specific ?? GENERAL[error.code] ?? unknownText(error);
}

/**
 * The server names the field first: "amount: must be positive" becomes
 * "Amount must be positive.", "to: cannot send money to yourself" becomes
 * "Cannot send money to yourself."
 */
function validationText(message: string): string {
  const match = /^([A-Za-z_.]+): (.+)$/.exec(message);
  if (!match) return GENERAL.VALIDATION_FAILED;
  const detail = match[2].replace(/\.$/, "");
  if (/^(must|is|should) /.test(detail)) {
    return `${FIELD_NAMES[match[1]] ?? match[1]} ${detail}.`;
  }
  return `${detail[0].toUpperCase()}${detail.slice(1)}.`;
}

function unknownText(error: ApiError): string {
  const detail = error.message ? `: ${error.message}` : "";
  return `Something went wrong (${error.code}${detail}).`;
}
