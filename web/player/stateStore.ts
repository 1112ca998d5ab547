import type { PlayerState } from "../shared/types.js";
import { roundingSlack, shortfall } from "./interpolate.js";

/**
 * What a newly accepted state means:
 * - `snapshot`: the first state, or one to take as is (resync cut short);
 * - `income`: only income accrued since the last one;
 * - `moneyIn` / `moneyOut`: money moved beyond income (a purchase, transfer
 *   or grant), so the ledger has new entries.
 */
export type ChangeKind = "snapshot" | "income" | "moneyIn" | "moneyOut";

export type StateListener = (state: PlayerState, kind: ChangeKind) => void;

/**
 * The signed-in player's latest state. States arrive from HTTP replies,
 * pushes, resyncs and polls in any order; only a higher `version` replaces
 * the current one, so a late reply never rolls the page back.
 */
export class StateStore {
  private state: PlayerState | undefined;
  private listeners = new Set<StateListener>();

  get current(): PlayerState | undefined {
    return this.state;
  }

  /** Calls `listener` after every accepted state. */
  subscribe(listener: StateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Takes `next` if it is newer (or `snapshot` is set); answers whether it
   * was taken.
   */
  accept(next: PlayerState, snapshot = false): boolean {
    const prev = this.state;
    const samePlayer = prev?.playerId === next.playerId;
    if (prev && samePlayer && !snapshot && next.version <= prev.version) {
      return false;
    }

    this.state = next;
    const kind =
      prev && samePlayer && !snapshot ? classify(prev, next) : "snapshot";
    this.listeners.forEach((listener) => listener(next, kind));
    return true;
  }

  /** Forgets the player (on logout). */
  clear(): void {
    this.state = undefined;
  }
}

function classify(prev: PlayerState, next: PlayerState): ChangeKind {
  const missing = shortfall(prev, next);
  const slack = roundingSlack(prev);
  if (missing >= slack) return "moneyOut";
  if (-missing >= slack || next.incomePerSecond !== prev.incomePerSecond) {
    return "moneyIn";
  }
  return "income";
}
