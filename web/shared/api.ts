/**
 * JSON over HTTP to the node that served the page, in the contract's shapes:
 * a success body, or a non-2xx status with `{error: {code, message}}`.
 */

/** Codes the browser adds to the contract's: no answer, or not JSON. */
export type LocalCode = "NETWORK" | "BAD_RESPONSE";

/** A failed call: the contract's code (or a local one) and its message. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** HTTP status; 0 when no answer arrived. */
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface CallOptions {
  /** Bearer token: a player's session token or the admin token. */
  token?: string;
  /** JSON body for POST. */
  body?: unknown;
  /** Query parameters for GET; undefined values are left out. */
  query?: Record<string, string | number | undefined>;
}

/**
 * Calls the API and resolves with the success body.
 *
 * @throws ApiError with the contract's code, `NETWORK` or `BAD_RESPONSE`
 */
export async function apiCall<T>(
  method: "GET" | "POST",
  path: string,
  options: CallOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers["Content-Type"] = "application/json";

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: "no-store",
    });
  } catch {
    throw new ApiError("NETWORK", "no answer from the server", 0);
  }
  return readReply<T>(response);
}

function withQuery(path: string, query: CallOptions["query"]): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined) params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function readReply<T>(response: Response): Promise<T> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(
      "BAD_RESPONSE",
      `unreadable reply (HTTP ${response.status})`,
      response.status,
    );
  }
  if (response.ok) return body as T;

  const error = (body as { error?: { code?: unknown; message?: unknown } })
    ?.error;
  throw new ApiError(
    typeof error?.code === "string" ? error.code : "BAD_RESPONSE",
    typeof error?.message === "string" ? error.message : "",
    response.status,
  );
}

/** Any thrown value as an ApiError, so callers handle one type. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError("BAD_RESPONSE", String(error), 0);
}
