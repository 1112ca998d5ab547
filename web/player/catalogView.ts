import { ApiError, apiCall, asApiError } from "../shared/api.js";
import {
  byId,
  el,
  formatMoney,
  parseWholeNumber,
  replaceChildren,
  say,
} from "../shared/dom.js";
import { errorText } from "../shared/errorText.js";
import { RetryKey } from "../shared/retryKey.js";
import type { Item, PlayerState } from "../shared/types.js";

interface Row {
  item: Item;
  root: HTMLElement;
  afford: HTMLElement;
  quantity: HTMLInputElement;
  button: HTMLButtonElement;
}

/**
 * The catalog: each item with its cost, income and how many the shown
 * balance affords, and a buy form with a quantity. Enter in the quantity
 * field buys.
 */
export class CatalogView {
  private rows: Row[] = [];
  private balance = 0;
  private keys = new RetryKey();
  private readonly list = byId("catalog-list");
  private readonly message = byId("catalog-message");

  constructor(
    private readonly token: () => string,
    private readonly onState: (state: PlayerState) => void,
  ) {}

  /** Loads the items once; they do not change while the node runs. */
  async load(): Promise<void> {
    if (this.rows.length > 0) return;
    try {
      const { items } = await apiCall<{ items: Item[] }>("GET", "/api/items");
      this.rows = items.map((item) => this.buildRow(item));
      replaceChildren(this.list, ...this.rows.map((row) => row.root));
      this.showAffordability(this.balance);
    } catch (error) {
      say(this.message, errorText(asApiError(error)), "error");
    }
  }

  /** An item's name by id, once loaded (for the ledger). */
  itemName(id: number): string | undefined {
    return this.rows.find((row) => row.item.id === id)?.item.name;
  }

  /** Updates what each item costs in terms of the shown balance. */
  showAffordability(balance: number): void {
    this.balance = balance;
    for (const row of this.rows) {
      const canBuy = Math.floor(balance / row.item.cost);
      row.root.classList.toggle("affordable", canBuy > 0);
      row.afford.textContent =
        canBuy > 0
          ? `You can buy ${formatMoney(canBuy)}`
          : `${formatMoney(row.item.cost - balance)} more needed`;
    }
  }

  private buildRow(item: Item): Row {
    const id = `qty-${item.id}`;
    const quantity = el("input", {
      id,
      name: "quantity",
      type: "number",
      inputmode: "numeric",
      min: 1,
      step: 1,
      value: 1,
      required: true,
    });
    const button = el("button", { type: "submit" }, "Buy");
    const afford = el("p", { class: "afford" });
    const form = el(
      "form",
      { class: "buy", "data-item": item.id, "aria-label": `Buy ${item.name}` },
      el("label", { for: id }, "Qty"),
      quantity,
      button,
    );
    const root = el(
      "li",
      { class: "item", "data-item": item.id },
      el("div", { class: "item-name" }, item.name),
      el(
        "p",
        { class: "item-terms" },
        `Costs ${formatMoney(item.cost)} · earns +${formatMoney(item.incomePerSecond)}/s`,
      ),
      afford,
      form,
    );
    const row = { item, root, afford, quantity, button };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.buy(row);
    });
    return row;
  }

  private async buy(row: Row): Promise<void> {
    const quantity = parseWholeNumber(row.quantity.value);
    if (quantity === undefined) {
      say(
        this.message,
        "Quantity must be a whole number of 1 or more.",
        "error",
      );
      return row.quantity.focus();
    }

    const params = { itemId: row.item.id, quantity };
    row.button.disabled = true;
    try {
      const reply = await apiCall<{ state: PlayerState }>(
        "POST",
        "/api/purchases",
        {
          token: this.token(),
          body: { ...params, idempotencyKey: this.keys.for(params) },
        },
      );
      this.keys.answered();
      this.onState(reply.state);
      say(this.message, boughtText(row.item, quantity), "ok");
    } catch (error) {
      const failure = asApiError(error);
      if (failure.code !== "NETWORK") this.keys.answered();
      say(this.message, purchaseError(failure), "error");
    } finally {
      row.button.disabled = false;
    }
  }
}

function boughtText(item: Item, quantity: number): string {
  const cost = formatMoney(item.cost * quantity);
  const income = formatMoney(item.incomePerSecond * quantity);
  return `Bought ${formatMoney(quantity)} × ${item.name} for ${cost}: +${income}/s.`;
}

function purchaseError(error: ApiError): string {
  const text = errorText(error, "purchase");
  return error.code === "NETWORK"
    ? `${text} Pressing Buy again will not charge twice.`
    : text;
}
