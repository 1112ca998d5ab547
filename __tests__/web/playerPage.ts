import type { Page } from "playwright-core";

/** Steps on the player page, shared by the player and live-feed tests. */

/** Signs up through the form, pressing Enter, and waits for the game. */
export async function signUpInPage(
  page: Page,
  baseUrl: string,
  username: string,
  password = "password123",
): Promise<void> {
  await page.goto(baseUrl + "/");
  await chooseAuthMode(page, "signup");
  await page.fill("#auth-username", username);
  await page.fill("#auth-password", password);
  await page.press("#auth-password", "Enter");
  await page.waitForSelector("#game-view:not([hidden])");
}

/** Switches the sign-in form to signing up or logging in. */
export async function chooseAuthMode(
  page: Page,
  mode: "signup" | "login",
): Promise<void> {
  await page.waitForSelector("#auth-view:not([hidden])");
  const title = mode === "signup" ? "Create an account" : "Log in";
  if ((await page.textContent("#auth-title")) !== title) {
    await page.click("#auth-switch");
  }
}

/** Opens the page already signed in with `token` (as after a reload). */
export async function openSignedIn(
  page: Page,
  baseUrl: string,
  token: string,
): Promise<void> {
  await page.addInitScript((saved) => {
    localStorage.setItem("accrue.token", saved);
  }, token);
  await page.goto(baseUrl + "/");
  await page.waitForSelector("#game-view:not([hidden])");
}

/** Buys `quantity` of an item through its form. */
export async function buy(
  page: Page,
  itemId: number,
  quantity = 1,
): Promise<void> {
  const form = `form.buy[data-item="${itemId}"]`;
  await page.fill(`${form} input`, String(quantity));
  await page.press(`${form} input`, "Enter");
}

/** Records every value the balance shows from now on. */
export async function recordBalance(page: Page): Promise<void> {
  await page.evaluate(() => {
    const node = document.getElementById("balance")!;
    const seen: number[] = [Number(node.dataset.value)];
    (window as unknown as { seen: number[] }).seen = seen;
    new MutationObserver(() => seen.push(Number(node.dataset.value))).observe(
      node,
      { attributes: true, attributeFilter: ["data-value"] },
    );
  });
}

/** The values recorded since `recordBalance`. */
export async function recordedBalance(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { seen: number[] }).seen);
}
