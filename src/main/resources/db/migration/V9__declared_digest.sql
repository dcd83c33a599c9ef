-- Issue 8, sets not counts: beside its count of distinct patients, the hospital declares the first
-- 8 hex digits of the report's digest over its own keys for the month. Required on every new
-- declaration (Declaration.of); declarations recorded before this migration have none.
alter table count_declaration
  add column declared_digest_prefix char(8) check (declared_digest_prefix ~ '^[0-9a-f]{8}$');
