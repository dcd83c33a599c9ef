-- Issue part 4: the final recipient confirms it applied the opt-outs. After the last hop agrees and
-- the cumulative check passes, it states, blind, the number of the hospital's patients in its own
-- exclusion list and the first 8 hex digits of that list's digest (cumulative to the end of the
-- period, digested with the period's label: AppliedConfirmation.digestPrefixOf). A re-statement after
-- an APPLIED_SET_DIFFERS discrepancy is a new row; the latest row of a period is the one compared.
create table applied_confirmation (
  id              bigserial primary key,
  hospital_id     varchar(64)  not null,
  period          char(7)      not null,
  final_recipient varchar(64)  not null,
  applied_count   integer      not null check (applied_count >= 0),
  digest_prefix   char(8)      not null check (digest_prefix ~ '^[0-9a-f]{8}$'),
  confirmed_by    varchar(128) not null,
  confirmed_at    timestamptz  not null,
  foreign key (hospital_id, period, final_recipient) references period_status (hospital_id, period, final_recipient)
);
create index applied_confirmation_by_period on applied_confirmation (hospital_id, period, final_recipient, id);
