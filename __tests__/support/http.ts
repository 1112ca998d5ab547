/** A reply as tests look at it. */
export interface Reply<T = any> {
  status: number;
  /** The parsed JSON, or the text when the reply was not JSON. */
  body: T;
  text: string;
}

/** Sends a JSON request; `body` may be a raw string to test bad input. */
export async function call<T = any>(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string | Buffer } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = {
    "content-type": "application/json",
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const payload =
    options.raw ??
    (options.body === undefined ? undefined : JSON.stringify(options.body));
  const res = await fetch(baseUrl + path, {
    method,
    headers,
    body: payload as BodyInit | undefined,
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, body, text };
}

/** Signs up a player and returns its token and id. */
export async function signupPlayer(
  baseUrl: string,
  username: string,
  password = "password123",
) {
  const reply = await call(baseUrl, "POST", "/api/signup", {
    body: { username, password },
  });
  if (reply.status !== 200)
    throw new Error(`signup failed: ${JSON.stringify(reply.body)}`);
  return {
    token: reply.body.token as string,
    playerId: reply.body.player.id as number,
    state: reply.body.state,
  };
}

export const sleep = (ms: number) =>
  new Promise((resolve) => setTimeout(resolve, ms));
