/**
 * Empty on purpose: Accrue's `http` server routes the contract's paths
 * itself (src/servers/httpRoutes.ts), since Actionhero's web server is off.
 */
export const DEFAULT = {
  routes: () => ({ get: [] }),
};
