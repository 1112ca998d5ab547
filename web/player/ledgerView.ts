import { apiCall, asApiError } from "../shared/api.js";
import { byId, el, formatMoney, replaceChildren, say } from "../shared/dom.js";
import { errorText } from "../shared/errorText.js";
import type { LedgerEntry } from "../shared/types.js";

/** Entries per page. */
const PAGE_SIZE = 10;

/** Wait after a money change before reloading, so bursts load once (ms). */
const RELOAD_DELAY_MS = 300;

/**
 * The ledger, newest first, a page at a time. Pages are addressed by the
 * id of the entry before them (`before`), so new entries arriving meanwhile
 * never shift an older page.
 */
export class LedgerView {
  /** `before` of each page shown so far; the first page has none. */
  private cursors: Array<number | undefined> = [undefined];
  private reloadTimer: number | undefined;
  private readonly body = byId("ledger-body");
  private readonly message = byId("ledger-message");
  private readonly newer = byId<HTMLButtonElement>("ledger-newer");
  private readonly older = byId<HTMLButtonElement>("ledger-older");
  private nextCursor: number | undefined;

  constructor(
    private readonly token: () => string,
    private readonly itemName: (id: number) => string | undefined,
  ) {
    this.newer.addEventListener("click", () => {
      this.cursors.pop();
      void this.load();
    });
    this.older.addEventListener("click", () => {
      this.cursors.push(this.nextCursor);
      void this.load();
    });
  }

  /** Shows the newest page. */
  async reset(): Promise<void> {
    this.cursors = [undefined];
    await this.load();
  }

  /** New entries exist: reload soon, if the newest page is on screen. */
  changed(): void {
    if (this.cursors.length > 1 || this.reloadTimer !== undefined) return;
    this.reloadTimer = window.setTimeout(() => {
      this.reloadTimer = undefined;
      if (this.cursors.length === 1) void this.load();
    }, RELOAD_DELAY_MS);
  }

  private async load(): Promise<void> {
    const before = this.cursors[this.cursors.length - 1];
    try {
      // One extra entry tells whether an older page exists.
      const { entries } = await apiCall<{ entries: LedgerEntry[] }>(
        "GET",
        "/api/ledger",
        { token: this.token(), query: { limit: PAGE_SIZE + 1, before } },
      );
      const page = entries.slice(0, PAGE_SIZE);
      this.nextCursor =
        entries.length > PAGE_SIZE ? page[page.length - 1].id : undefined;
      this.render(page);
      say(this.message, "");
    } catch (error) {
      say(this.message, errorText(asApiError(error), "ledger"), "error");
    }
  }

  private render(page: LedgerEntry[]): void {
    const rows = page.map((entry) =>
      el(
        "tr",
        { "data-kind": entry.kind },
        el("td", {}, timeOf(entry.createdAt)),
        el("td", {}, this.describe(entry)),
        el(
          "td",
          { class: entry.amount < 0 ? "num debit" : "num credit" },
          `${entry.amount < 0 ? "−" : "+"}${formatMoney(Math.abs(entry.amount))}`,
        ),
        el("td", { class: "num" }, formatMoney(entry.balanceAfter)),
      ),
    );
    if (rows.length === 0) {
      rows.push(el("tr", {}, el("td", { colspan: 4 }, "No entries yet.")));
    }
    replaceChildren(this.body, ...rows);
    this.newer.disabled = this.cursors.length === 1;
    this.older.disabled = this.nextCursor === undefined;
    byId("ledger-page").textContent = `Page ${this.cursors.length}`;
  }

  private describe(entry: LedgerEntry): string {
    const ref = entry.ref ?? {};
    switch (entry.kind) {
      case "signup_grant":
        return "Starting money";
      case "grant":
        return `Grant${typeof ref.reason === "string" ? `: ${ref.reason}` : ""}`;
      case "purchase": {
        const name = this.itemName(Number(ref.itemId)) ?? `item ${ref.itemId}`;
        return `Bought ${ref.quantity ?? 1} × ${name}`;
      }
      case "transfer_in":
        return `From ${String(ref.from ?? "another player")}`;
      case "transfer_out":
        return `To ${String(ref.to ?? "another player")}`;
      default:
        return entry.kind;
    }
  }
}

function timeOf(ms: number): string {
  const date = new Date(ms);
  const today = new Date().toDateString() === date.toDateString();
  return today
    ? date.toLocaleTimeString([], { hourCycle: "h23" })
    : date.toLocaleDateString([], { month: "short", day: "numeric" });
}
