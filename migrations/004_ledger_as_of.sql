-- The database time (ms) the entry's balanceAfter is exact at: the player's
-- asOf right after the change. With it, any player's income can be checked
-- piece by piece between entries (the benchmark's money check does).
ALTER TABLE ledger_entries ADD COLUMN as_of BIGINT;
