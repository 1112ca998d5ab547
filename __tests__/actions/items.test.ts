import { settings } from "../../src/settings";
import { send, useTestNode } from "../support/api";

describe("Action: items", () => {
  const node = useTestNode();

  test("lists at least six generators, cheapest first, without sign-in", async () => {
    const reply = await send(node().baseUrl, "GET", "/api/items");

    expect(reply.status).toBe(200);
    const { items } = reply.body;
    expect(items.length).toBeGreaterThanOrEqual(6);
    for (const item of items) {
      expect(item).toEqual({
        id: expect.any(Number),
        name: expect.any(String),
        cost: expect.any(Number),
        incomePerSecond: expect.any(Number),
      });
      expect(Number.isSafeInteger(item.cost)).toBe(true);
      expect(Number.isSafeInteger(item.incomePerSecond)).toBe(true);
    }
    for (let i = 1; i < items.length; i++) {
      expect(items[i].cost).toBeGreaterThan(items[i - 1].cost);
      expect(items[i].incomePerSecond).toBeGreaterThan(
        items[i - 1].incomePerSecond,
      );
    }
  });

  test("prices the cheapest item within the signup grant", async () => {
    const { items } = (await send(node().baseUrl, "GET", "/api/items")).body;
    expect(items[0].cost).toBeLessThanOrEqual(settings().SIGNUP_GRANT);
  });
});
