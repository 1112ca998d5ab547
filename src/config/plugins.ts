/** Accrue uses no Actionhero plugins. */
export const DEFAULT = {
  plugins: () => ({}),
};
