import { apiCall, asApiError } from "../shared/api.js";
import {
  byId,
  field,
  formatMoney,
  parseWholeNumber,
  say,
} from "../shared/dom.js";
import { errorText } from "../shared/errorText.js";
import { RetryKey } from "../shared/retryKey.js";
import type { PlayerState } from "../shared/types.js";

/** The "send money" form: a recipient's username and an amount. */
export class TransferView {
  private keys = new RetryKey();
  private readonly form = byId<HTMLFormElement>("transfer-form");
  private readonly message = byId("transfer-message");

  constructor(
    private readonly token: () => string,
    private readonly onState: (state: PlayerState) => void,
  ) {
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.send();
    });
  }

  private async send(): Promise<void> {
    const to = field(this.form, "to");
    const amount = parseWholeNumber(field(this.form, "amount"));
    if (!to) return this.refuse("Enter the username to send money to.", "to");
    if (amount === undefined) {
      return this.refuse(
        "Amount must be a whole number of 1 or more.",
        "amount",
      );
    }

    const params = { to, amount };
    const button = this.form.querySelector("button")!;
    button.disabled = true;
    try {
      const reply = await apiCall<{ state: PlayerState }>(
        "POST",
        "/api/transfers",
        {
          token: this.token(),
          body: { ...params, idempotencyKey: this.keys.for(params) },
        },
      );
      this.keys.answered();
      this.onState(reply.state);
      say(this.message, `Sent ${formatMoney(amount)} to ${to}.`, "ok");
      (this.form.elements.namedItem("amount") as HTMLInputElement).value = "";
    } catch (error) {
      const failure = asApiError(error);
      if (failure.code !== "NETWORK") this.keys.answered();
      const retry =
        failure.code === "NETWORK" ? " Sending again will not send twice." : "";
      say(this.message, errorText(failure, "transfer") + retry, "error");
    } finally {
      button.disabled = false;
    }
  }

  private refuse(text: string, name: string): void {
    say(this.message, text, "error");
    (this.form.elements.namedItem(name) as HTMLInputElement).focus();
  }
}
