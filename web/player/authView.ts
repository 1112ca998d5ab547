import { asApiError } from "../shared/api.js";
import { byId, field, say } from "../shared/dom.js";
import { errorText } from "../shared/errorText.js";
import type { SignIn } from "../shared/types.js";
import { savedUsername, signIn } from "./session.js";

type Mode = "login" | "signup";

const TEXT: Record<Mode, { title: string; submit: string; switch: string }> = {
  login: {
    title: "Log in",
    submit: "Log in",
    switch: "New here? Create an account",
  },
  signup: {
    title: "Create an account",
    submit: "Sign up",
    switch: "Have an account? Log in",
  },
};

/**
 * The sign-up / log-in form. One form with a mode switch, so Enter always
 * does what the heading says.
 */
export class AuthView {
  private mode: Mode;
  private readonly form = byId<HTMLFormElement>("auth-form");
  private readonly message = byId("auth-message");

  constructor(private readonly onSignedIn: (reply: SignIn) => void) {
    this.mode = savedUsername() ? "login" : "signup";
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.submit();
    });
    byId("auth-switch").addEventListener("click", () =>
      this.setMode(this.mode === "login" ? "signup" : "login"),
    );
    this.setMode(this.mode);
  }

  /**
   * Shows the form, with an optional note (such as "session ended"). Someone
   * who played here before gets "Log in" with their name filled in.
   */
  show(note?: string): void {
    const known = savedUsername();
    const username = this.form.elements.namedItem(
      "username",
    ) as HTMLInputElement;
    if (known) {
      this.setMode("login");
      username.value ||= known;
    }
    byId("auth-view").hidden = false;
    if (note) say(this.message, note, "info");
    const empty = field(this.form, "username") ? "password" : "username";
    (this.form.elements.namedItem(empty) as HTMLInputElement).focus();
  }

  hide(): void {
    byId("auth-view").hidden = true;
    say(this.message, "");
    (this.form.elements.namedItem("password") as HTMLInputElement).value = "";
  }

  private setMode(mode: Mode): void {
    this.mode = mode;
    byId("auth-title").textContent = TEXT[mode].title;
    byId("auth-submit").textContent = TEXT[mode].submit;
    byId("auth-switch").textContent = TEXT[mode].switch;
    const password = this.form.elements.namedItem(
      "password",
    ) as HTMLInputElement;
    password.autocomplete =
      mode === "login" ? "current-password" : "new-password";
    say(this.message, "");
  }

  private async submit(): Promise<void> {
    const submit = byId<HTMLButtonElement>("auth-submit");
    submit.disabled = true;
    say(this.message, this.mode === "login" ? "Logging in…" : "Signing up…");
    try {
      const reply = await signIn(
        this.mode,
        field(this.form, "username"),
        // Passwords are sent as typed: spaces at either end count.
        (this.form.elements.namedItem("password") as HTMLInputElement).value,
      );
      this.onSignedIn(reply);
    } catch (error) {
      say(this.message, errorText(asApiError(error), this.mode), "error");
    } finally {
      submit.disabled = false;
    }
  }
}
