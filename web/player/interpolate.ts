import type { PlayerState } from "../shared/types.js";

/**
 * The arithmetic behind the counting balance. A state is exact at `asOf`
 * (server clock) and grows by `incomePerSecond`; the server credits
 * `floor(rate × elapsed)` within one unit, so two states of the same player
 * agree with each other to within two units unless money really moved.
 */

/** Longest the shown balance waits for a lower projection to catch up. */
export const HOLD_LIMIT_MS = 3000;

/** The balance at server time `serverNow`, with its fraction. */
export function projectBalance(state: PlayerState, serverNow: number): number {
  const elapsed = Math.max(0, serverNow - state.asOf);
  return state.balance + (state.incomePerSecond * elapsed) / 1000;
}

/**
 * How far `next.balance` lies below what `prev` predicts for `next.asOf`.
 * Positive: money left; negative: money arrived (beyond income).
 */
export function shortfall(prev: PlayerState, next: PlayerState): number {
  return projectBalance(prev, next.asOf) - next.balance;
}

/**
 * Units of disagreement that rounding alone can cause: under 2 while income
 * runs (floor plus the server's one unit), none without income.
 */
export function roundingSlack(prev: PlayerState): number {
  return prev.incomePerSecond > 0 ? 2 : 0.5;
}

/**
 * The whole number to show. It never goes down on its own: when a state
 * projects lower than what is shown only because of rounding, the shown
 * value holds until the projection catches up (or HOLD_LIMIT_MS passes);
 * when money really left, `dropTo` lets it fall at once.
 */
export class ShownBalance {
  private shown: number | undefined;
  private heldSince: number | undefined;

  /** Forgets the shown value, so the next `valueAt` shows the projection. */
  dropTo(): void {
    this.shown = undefined;
    this.heldSince = undefined;
  }

  /** The value to show for `state` at `serverNow`; `localNow` times holds. */
  valueAt(state: PlayerState, serverNow: number, localNow: number): number {
    const target = Math.floor(projectBalance(state, serverNow));
    if (this.shown === undefined || target >= this.shown) {
      this.heldSince = undefined;
      this.shown = target;
    } else {
      this.heldSince ??= localNow;
      if (localNow - this.heldSince > HOLD_LIMIT_MS) this.dropTo();
      if (this.shown === undefined) this.shown = target;
    }
    return this.shown;
  }
}
