-- Issue 8: no party can forge the record it is checked by.

-- One opt-out is one active ledger entry: a second entry for the same hospital, patient and kind
-- is refused unless it corrects the active one. Writers of one patient queue on a
-- transaction-scoped advisory lock (the one LedgerRepository takes too), so two concurrent
-- inserts cannot both find "none yet"; in READ COMMITTED the check runs on a fresh snapshot.
create function ledger_entry_one_active() returns trigger language plpgsql as $$
begin
  perform pg_advisory_xact_lock(hashtextextended(
      'ledger_entry:' || new.hospital_id || ':' || new.patient_key || ':' || new.kind, 0));
  if exists (select 1 from optout.ledger_entry e
              where e.hospital_id = new.hospital_id and e.patient_key = new.patient_key and e.kind = new.kind
                and e.id is distinct from new.corrects_entry_id
                and not exists (select 1 from optout.ledger_entry c where c.corrects_entry_id = e.id)) then
    raise exception using errcode = 'unique_violation',
      message = format('ledger_entry: %s already holds an active %s entry for this patient', new.hospital_id,
                       new.kind);
  end if;
  return new;
end $$;
create trigger ledger_entry_one_active before insert on ledger_entry
  for each row execute function ledger_entry_one_active();

-- The release process's steps find their release by the process instance, never by a variable.
create unique index data_release_by_process_instance on data_release (process_instance_id);

-- An approval left waiting past its due date, escalated: to whom, why, when.
create table release_escalation (
  id                  bigserial primary key,
  release_id          bigint       not null references data_release (id),
  escalated_to        varchar(128) not null,
  cause               varchar(40)  not null,
  escalated_at        timestamptz  not null,
  process_instance_id varchar(64)  not null
);
create index release_escalation_by_release on release_escalation (release_id);
