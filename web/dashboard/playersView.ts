import { ApiError, apiCall, asApiError } from "../shared/api.js";
import {
  byId,
  el,
  field,
  formatAge,
  formatMoney,
  parseWholeNumber,
  replaceChildren,
  say,
} from "../shared/dom.js";
import { errorText } from "../shared/errorText.js";
import type { ServerClock } from "../shared/serverClock.js";
import type { LedgerEntry, PlayerState } from "../shared/types.js";

/** Entries shown in a player's ledger on the dashboard. */
const LEDGER_ROWS = 20;

/**
 * Player search with each match's state, and the grant form. A match's
 * "Grant" button fills the form with that player's name.
 */
export class PlayersView {
  private readonly searchForm = byId<HTMLFormElement>("search-form");
  private readonly grantForm = byId<HTMLFormElement>("grant-form");
  private lastQuery: string | undefined;

  constructor(
    private readonly token: () => string,
    private readonly clock: ServerClock,
    private readonly onRejected: (error: ApiError) => void,
  ) {
    this.searchForm.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.search(field(this.searchForm, "query"));
    });
    this.grantForm.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.grant();
    });
  }

  private async search(query: string): Promise<void> {
    const message = byId("search-message");
    this.lastQuery = query;
    try {
      const { players } = await apiCall<{ players: PlayerState[] }>(
        "GET",
        "/api/admin/players",
        {
          token: this.token(),
          query: { query },
        },
      );
      this.render(players);
      say(message, players.length ? "" : "No players match.", "info");
    } catch (error) {
      this.fail(asApiError(error), message);
    }
  }

  private render(players: PlayerState[]): void {
    const now = this.clock.now();
    const rows = players.map((player) => {
      const pick = el("button", { type: "button", class: "small" }, "Grant…");
      pick.addEventListener("click", () => this.pick(player.username));
      const ledger = el("button", { type: "button", class: "small" }, "Ledger");
      ledger.addEventListener(
        "click",
        () => void this.showLedger(player.username),
      );
      return el(
        "tr",
        { "data-username": player.username },
        el("td", { class: "node-id" }, player.username),
        el("td", { class: "num opt" }, player.playerId),
        el("td", { class: "num" }, formatMoney(player.balance)),
        el("td", { class: "num" }, `+${formatMoney(player.incomePerSecond)}/s`),
        el("td", { class: "num opt" }, player.version),
        el("td", { class: "num" }, `${formatAge(now - player.asOf)} ago`),
        el("td", {}, ledger, " ", pick),
      );
    });
    replaceChildren(byId("players-body"), ...rows);
    byId("players-table").hidden = players.length === 0;
  }

  /** Shows a player's latest ledger entries (GET /api/admin/ledger). */
  private async showLedger(username: string): Promise<void> {
    const message = byId("search-message");
    try {
      const { entries } = await apiCall<{ entries: LedgerEntry[] }>(
        "GET",
        "/api/admin/ledger",
        {
          token: this.token(),
          query: { username, limit: String(LEDGER_ROWS) },
        },
      );
      const rows = entries.map((entry) =>
        el(
          "tr",
          {},
          el("td", {}, new Date(entry.createdAt).toLocaleTimeString()),
          el("td", {}, entry.kind),
          el("td", { class: "num" }, formatMoney(entry.amount)),
          el("td", { class: "num" }, formatMoney(entry.balanceAfter)),
          el("td", { class: "num opt" }, entry.version),
        ),
      );
      replaceChildren(byId("player-ledger-body"), ...rows);
      byId("player-ledger-title").textContent = `Ledger of ${username}`;
      byId("player-ledger").hidden = false;
    } catch (error) {
      this.fail(asApiError(error), message);
    }
  }

  private pick(username: string): void {
    (this.grantForm.elements.namedItem("username") as HTMLInputElement).value =
      username;
    (this.grantForm.elements.namedItem("amount") as HTMLInputElement).focus();
  }

  private async grant(): Promise<void> {
    const message = byId("grant-message");
    const username = field(this.grantForm, "username");
    const amount = parseWholeNumber(field(this.grantForm, "amount"));
    const reason = field(this.grantForm, "reason");
    if (!username || amount === undefined || !reason) {
      say(
        message,
        "Enter a username, a whole amount of 1 or more, and a reason.",
        "error",
      );
      return;
    }

    const button = this.grantForm.querySelector("button")!;
    button.disabled = true;
    try {
      const { state } = await apiCall<{ state: PlayerState }>(
        "POST",
        "/api/admin/grants",
        {
          token: this.token(),
          body: { username, amount, reason },
        },
      );
      say(
        message,
        `Granted ${formatMoney(amount)} to ${state.username}. Their balance is now ${formatMoney(state.balance)}.`,
        "ok",
      );
      if (this.lastQuery !== undefined) void this.search(this.lastQuery);
    } catch (error) {
      this.fail(asApiError(error), message, "grant");
    } finally {
      button.disabled = false;
    }
  }

  private fail(error: ApiError, message: HTMLElement, context?: "grant"): void {
    if (error.status === 401 || error.status === 403)
      return this.onRejected(error);
    say(message, errorText(error, context), "error");
  }
}
