/**
 * Small DOM helpers shared by both pages. Text always goes in through
 * `textContent`, never as HTML, so player names and server messages can
 * hold anything.
 */

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined>;

/** Creates an element with attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

/** Replaces every child of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.textContent = "";
  append(parent, children);
}

function append(parent: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(typeof child === "number" ? String(child) : child);
  }
}

/** The element with this id; throws when the page lacks it (a page bug). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`page has no #${id}`);
  return node as T;
}

/** A form field's value by its name. */
export function field(form: HTMLFormElement, name: string): string {
  const input = form.elements.namedItem(name);
  return input instanceof HTMLInputElement ? input.value.trim() : "";
}

const moneyFormat = new Intl.NumberFormat("en-US");

/** Money as the game shows it: a whole number with thousands separators. */
export function formatMoney(amount: number): string {
  return moneyFormat.format(amount);
}

/** A duration in ms as "0.4 s", "12 s" or "3 min". */
export function formatAge(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 120) return `${Math.round(s)} s`;
  return `${Math.round(s / 60)} min`;
}

/** Shows a message in a status line; `tone` picks its colour. */
export function say(
  target: HTMLElement,
  text: string,
  tone: "ok" | "error" | "info" = "info",
): void {
  target.textContent = text;
  target.dataset.tone = tone;
}

/** Parses a whole positive number typed by a person ("1,000" allowed). */
export function parseWholeNumber(text: string): number | undefined {
  const digits = text.replace(/[,\s_]/g, "");
  if (!/^\d{1,16}$/.test(digits)) return undefined;
  const value = Number(digits);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}
