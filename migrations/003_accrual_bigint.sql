-- Income in BIGINT unit-milliseconds, saturating instead of overflowing.
-- NUMERIC (001) made every tick about a third slower. A product past the
-- saturation point would credit more than MAX_SAFE_INTEGER units, and the
-- balance is capped there anyway, so saturating loses nothing a balance
-- could hold. src/game/accrual.ts states the same rule in TypeScript.
DROP FUNCTION accrue_unit_ms(BIGINT, BIGINT, BIGINT, BIGINT);
CREATE FUNCTION accrue_unit_ms(rate BIGINT, from_ms BIGINT, to_ms BIGINT, carry BIGINT) RETURNS BIGINT
  LANGUAGE SQL IMMUTABLE
  AS $$
    SELECT CASE
      WHEN to_ms <= from_ms OR rate <= 0 THEN carry
      WHEN to_ms - from_ms > (9007199254740991000 - carry) / rate THEN 9007199254740991000
      ELSE rate * (to_ms - from_ms) + carry
    END
  $$;
