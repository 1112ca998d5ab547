import { apiCall } from "../shared/api.js";
import type { PlayerState, SignIn } from "../shared/types.js";

/** localStorage keys; the token survives reloads until logout. */
const TOKEN_KEY = "accrue.token";
const USERNAME_KEY = "accrue.username";

/** The saved session token, if any. */
export function savedToken(): string | undefined {
  return localStorage.getItem(TOKEN_KEY) ?? undefined;
}

/** The last username that signed in here, to prefill the form. */
export function savedUsername(): string {
  return localStorage.getItem(USERNAME_KEY) ?? "";
}

/**
 * Signs up or logs in, and saves the token.
 *
 * @throws ApiError as the server answered
 */
export async function signIn(
  mode: "login" | "signup",
  username: string,
  password: string,
): Promise<SignIn> {
  const reply = await apiCall<SignIn>("POST", `/api/${mode}`, {
    body: { username, password },
  });
  localStorage.setItem(TOKEN_KEY, reply.token);
  rememberUsername(reply.player.username);
  return reply;
}

/** Keeps the signed-in player's name to prefill the form next time. */
export function rememberUsername(username: string): void {
  localStorage.setItem(USERNAME_KEY, username);
}

/**
 * The state behind a saved token.
 *
 * @throws ApiError `UNAUTHENTICATED` when the token no longer works
 */
export async function resume(token: string): Promise<PlayerState> {
  const reply = await apiCall<{ state: PlayerState }>("GET", "/api/me", {
    token,
  });
  return reply.state;
}

/** Ends the session on the server (best effort) and forgets the token. */
export async function signOut(token: string): Promise<void> {
  forgetToken();
  try {
    await apiCall("POST", "/api/logout", { token });
  } catch {
    // The token is already gone from this browser; a session the server
    // could not end expires on its own (SESSION_TTL_S).
  }
}

export function forgetToken(): void {
  localStorage.removeItem(TOKEN_KEY);
}
