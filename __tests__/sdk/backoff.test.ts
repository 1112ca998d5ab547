import { backoffDelay, resolveBackoff } from "../../src/sdk/backoff";

describe("SDK: backoff", () => {
  const exact = resolveBackoff({ initialMs: 100, maxMs: 1000, jitter: 0 });

  test("doubles from initialMs and stops at maxMs", () => {
    const delays = [0, 1, 2, 3, 4, 50, 5000].map((n) => backoffDelay(n, exact));

    expect(delays).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
  });

  test("takes up to the jitter share off each delay", () => {
    const options = resolveBackoff({ initialMs: 100, jitter: 0.5 });

    expect(backoffDelay(0, options, () => 0)).toBe(100);
    expect(backoffDelay(0, options, () => 0.999)).toBe(50);
  });

  test("fills in the defaults", () => {
    expect(resolveBackoff()).toEqual({
      initialMs: 100,
      maxMs: 5000,
      jitter: 0.5,
    });
  });

  test("refuses values out of range", () => {
    expect(() => resolveBackoff({ jitter: 2 })).toThrow(RangeError);
    expect(() => resolveBackoff({ initialMs: 10, maxMs: 5 })).toThrow(
      RangeError,
    );
  });
});
