import { accrue, expectedIncome } from "../../src/game/accrual";

describe("Game: accrual", () => {
  test("credits whole units and carries the remainder", () => {
    expect(accrue(3n, 0n, 500n, 0n)).toEqual({ credit: 1n, carry: 500n });
    expect(accrue(3n, 500n, 1000n, 500n)).toEqual({ credit: 2n, carry: 0n });
  });

  test("earns nothing when the clock runs backwards", () => {
    expect(accrue(10n, 5000n, 4000n, 250n)).toEqual({
      credit: 0n,
      carry: 250n,
    });
  });

  test("loses no unit however a window is split into settles", () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let trial = 0; trial < 500; trial++) {
      const rate = BigInt(1 + random(100_000));
      const total = 1 + random(10_000_000);
      let at = 0n;
      let carry = 0n;
      let credited = 0n;
      while (at < BigInt(total)) {
        const next = BigInt(Math.min(total, Number(at) + 1 + random(3000)));
        const step = accrue(rate, at, next, carry);
        credited += step.credit;
        carry = step.carry;
        at = next;
      }
      expect(credited).toBe(BigInt(expectedIncome(Number(rate), total)));
    }
  });

  test("stays exact past the safe integer range of the product", () => {
    const rate = 9_000_000n;
    const elapsed = 10n ** 10n;
    expect(accrue(rate, 0n, elapsed, 0n).credit).toBe((rate * elapsed) / 1000n);
  });

  test("saturates at the largest balance instead of overflowing", () => {
    const huge = accrue(9_000_000_000n, 0n, 10n ** 10n, 0n);
    expect(huge.credit).toBe(BigInt(Number.MAX_SAFE_INTEGER));
  });
});
