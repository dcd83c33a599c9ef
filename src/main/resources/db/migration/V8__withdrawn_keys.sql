-- A report can withdraw a key it delivered earlier: the ledger corrected it away, and the
-- correction travels down the chain like any other opt-out. The final recipient's set is then
-- each key's latest mention in a delivered report, unless that mention withdraws it.
alter table report_key
  add column withdrawn boolean not null default false,
  add constraint report_key_one_role check (not (supplement and withdrawn));
