/**
 * The contract's HTTP paths and the action each one runs. GET takes its
 * params from the query string, POST from the JSON body.
 */
export const HTTP_ROUTES = {
  "POST /api/signup": "signup",
  "POST /api/login": "login",
  "POST /api/logout": "logout",
  "GET /api/me": "me",
  "GET /api/items": "items",
  "POST /api/purchases": "purchase",
  "POST /api/transfers": "transfer",
  "GET /api/ledger": "ledger",
  "GET /api/status": "status",
  "GET /api/admin/stats": "adminStats",
  "GET /api/admin/nodes": "adminNodes",
  "GET /api/admin/players": "adminPlayers",
  "POST /api/admin/grants": "adminGrant",
  "GET /api/admin/ledger": "adminLedger",
} as const;

export type HttpRoute = keyof typeof HTTP_ROUTES;

/** The action for a method and path, or undefined. */
export function routeAction(
  method: string,
  pathname: string,
): string | undefined {
  const key = `${method.toUpperCase()} ${pathname.replace(/\/+$/, "")}`;
  return Object.hasOwn(HTTP_ROUTES, key)
    ? HTTP_ROUTES[key as HttpRoute]
    : undefined;
}

/** True when some method serves this path (to tell 404 from a wrong method). */
export function pathKnown(pathname: string): boolean {
  const path = pathname.replace(/\/+$/, "");
  return Object.keys(HTTP_ROUTES).some((key) => key.split(" ")[1] === path);
}
