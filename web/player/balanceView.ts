import { formatMoney } from "../shared/dom.js";
import type { PlayerState } from "../shared/types.js";
import type { ServerClock } from "../shared/serverClock.js";
import { ShownBalance } from "./interpolate.js";
import type { ChangeKind, StateStore } from "./stateStore.js";

export type ShownListener = (balance: number) => void;

/**
 * Counts the balance up on every animation frame from the latest state,
 * and shows the income. Only a real loss of money (a purchase or transfer
 * out) or a fresh snapshot makes the number go down.
 */
export class BalanceView {
  private shown = new ShownBalance();
  private last: number | undefined;
  private frame: number | undefined;
  private listeners = new Set<ShownListener>();

  constructor(
    private readonly store: StateStore,
    private readonly clock: ServerClock,
    private readonly balanceEl: HTMLElement,
    private readonly incomeEl: HTMLElement,
  ) {
    store.subscribe((state, kind) => this.onState(state, kind));
  }

  /** The whole number on screen now, if any. */
  get value(): number | undefined {
    return this.last;
  }

  /** Calls `listener` whenever the number on screen changes. */
  onShown(listener: ShownListener): void {
    this.listeners.add(listener);
  }

  start(): void {
    if (this.frame === undefined) this.tick();
  }

  stop(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    this.last = undefined;
    this.shown.dropTo();
  }

  private onState(state: PlayerState, kind: ChangeKind): void {
    if (kind === "snapshot" || kind === "moneyOut") this.shown.dropTo();
    this.incomeEl.textContent = `+${formatMoney(state.incomePerSecond)} per second`;
    this.render();
  }

  private tick = (): void => {
    this.render();
    this.frame = requestAnimationFrame(this.tick);
  };

  private render(): void {
    const state = this.store.current;
    if (!state) return;
    const value = this.shown.valueAt(
      state,
      this.clock.now(),
      performance.now(),
    );
    if (value === this.last) return;
    this.last = value;
    this.balanceEl.textContent = formatMoney(value);
    this.balanceEl.dataset.value = String(value);
    this.listeners.forEach((listener) => listener(value));
  }
}
