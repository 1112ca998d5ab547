/**
 * Income accrual rules. Income is a function of elapsed time, never a count
 * of ticks: the balance gains floor((rate x elapsed + carry) / 1000) units
 * and the remainder is carried, so a late, skipped, repeated or overlapping
 * settle neither loses nor doubles a unit. The SQL function
 * `accrue_unit_ms` (migrations/001_initial.sql) is the same rule for the
 * database; a test checks that the two agree.
 */

/** Carry is kept in unit-milliseconds: 1000 of them make one unit. */
export const UNIT_MS = 1000n;

/**
 * Income saturates at MAX_SAFE_INTEGER units: a balance is capped there, so
 * nothing past it could be held, and the database can stay in BIGINT.
 */
export const SATURATION = BigInt(Number.MAX_SAFE_INTEGER) * UNIT_MS;

export interface Accrual {
  /** Whole units to add to the balance. */
  credit: bigint;
  /** Remainder in unit-milliseconds, 0 to 999, to carry forward. */
  carry: bigint;
}

/**
 * Income earned at `rate` units a second from `fromMs` to `toMs`, plus the
 * carried remainder. A `toMs` before `fromMs` earns nothing (time never
 * runs backwards for money, whatever a clock says).
 */
export function accrue(
  rate: bigint,
  fromMs: bigint,
  toMs: bigint,
  carry: bigint,
): Accrual {
  const elapsed = toMs > fromMs ? toMs - fromMs : 0n;
  const earned = rate * elapsed + carry;
  const total = earned > SATURATION ? SATURATION : earned;
  return { credit: total / UNIT_MS, carry: total % UNIT_MS };
}

/** The exact income for a window with no carry: floor(rate x ms / 1000). */
export function expectedIncome(rate: number, elapsedMs: number): number {
  return Math.floor((rate * elapsedMs) / 1000);
}
