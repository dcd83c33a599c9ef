-- The audit trail regulators read: one row per business event, each row's hash covering the
-- previous row's hash and the row's canonical content. Append-only.
create table audit_event (
  seq                 bigint       primary key check (seq >= 1),
  occurred_at         timestamptz  not null,
  actor_user          varchar(128) not null,
  actor_party         varchar(64),
  event_type          varchar(40)  not null,
  hospital_id         varchar(64),
  period              char(7),
  process_instance_id varchar(64),
  payload             text         not null,
  previous_hash       char(64)     not null,
  hash                char(64)     not null
);
create index audit_event_by_subject on audit_event (hospital_id, period, seq);
create index audit_event_by_party on audit_event (actor_party, seq);
create index audit_event_by_type on audit_event (event_type, seq);
create index audit_event_by_time on audit_event (occurred_at);

create trigger audit_event_append_only before update or delete on audit_event
  for each row execute function refuse_change();
create trigger audit_event_no_truncate before truncate on audit_event
  for each statement execute function refuse_change();
