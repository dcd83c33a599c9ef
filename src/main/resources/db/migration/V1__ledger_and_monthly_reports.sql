-- Our own tables live in the schema "optout"; Camunda keeps its tables in "public".

-- The opt-out ledger: append-only. A correction is a new row naming the row it corrects.
create table ledger_entry (
  id                bigserial primary key,
  hospital_id       varchar(64)  not null,
  patient_key       char(64)     not null check (patient_key ~ '^[0-9a-f]{64}$'),
  kind              varchar(16)  not null check (kind in ('STOP_PROVISION', 'DELETE')),
  received_on       date         not null,
  recorded_at       timestamptz  not null,
  recorded_by       varchar(128) not null,
  corrects_entry_id bigint references ledger_entry (id),
  reason            varchar(500),
  check (corrects_entry_id is null or reason is not null)
);
-- An entry is corrected at most once; the correction itself can be corrected in turn.
create unique index ledger_entry_corrected_once on ledger_entry (corrects_entry_id);
create index ledger_entry_by_hospital_received on ledger_entry (hospital_id, received_on);
create index ledger_entry_by_hospital_key on ledger_entry (hospital_id, patient_key);

create function refuse_change() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: % refused', tg_table_name, tg_op;
end $$;
create trigger ledger_entry_append_only before update or delete on ledger_entry
  for each row execute function refuse_change();

-- Status of one hospital's period towards one final recipient; the provision gate reads it.
-- The primary key is also what refuses a second start of the same monthly report.
create table period_status (
  hospital_id         varchar(64) not null,
  period              char(7)     not null,
  final_recipient     varchar(64) not null,
  status              varchar(16) not null check (status in ('OPEN', 'REPORTED', 'RECONCILED', 'DISCREPANCY', 'ESCALATED')),
  process_instance_id varchar(64),
  updated_at          timestamptz not null,
  primary key (hospital_id, period, final_recipient)
);
create index period_status_by_recipient on period_status (final_recipient, period, status);

-- The hospital's own count for a period. A later row supersedes an earlier one.
create table count_declaration (
  id             bigserial primary key,
  hospital_id    varchar(64)  not null,
  period         char(7)      not null,
  declared_count integer      not null check (declared_count >= 0),
  nil_attested   boolean      not null,
  declared_by    varchar(128) not null,
  declared_at    timestamptz  not null,
  reason         varchar(500),
  check (declared_count > 0 or nil_attested)
);
create index count_declaration_by_period on count_declaration (hospital_id, period, id);

-- A monthly report and its versions; a corrected report is a new version.
create table monthly_report (
  id               bigserial primary key,
  hospital_id      varchar(64)  not null,
  period           char(7)      not null,
  final_recipient  varchar(64)  not null,
  version          integer      not null,
  period_count     integer      not null check (period_count >= 0),
  supplement_count integer      not null check (supplement_count >= 0),
  digest           char(64)     not null,
  source           varchar(16)  not null check (source in ('LEDGER', 'SUBMITTED')),
  state            varchar(16)  not null check (state in ('DRAFT', 'SENT', 'SUPERSEDED')),
  created_by       varchar(128) not null,
  created_at       timestamptz  not null,
  sent_by          varchar(128),
  sent_at          timestamptz,
  delivered_at     timestamptz,
  unique (hospital_id, period, final_recipient, version)
);

-- The manifest: the keys a report carries. Late keys (received in an earlier period but never
-- delivered) travel as a supplement so the cumulative totals can be made whole.
create table report_key (
  report_id   bigint   not null references monthly_report (id),
  patient_key char(64) not null,
  supplement  boolean  not null,
  primary key (report_id, patient_key)
);

create table hop_acknowledgement (
  id                 bigserial primary key,
  report_id          bigint       not null references monthly_report (id),
  hop                integer      not null check (hop >= 1),
  sender             varchar(64)  not null,
  receiver           varchar(64)  not null,
  acknowledged_count integer      not null check (acknowledged_count >= 0),
  digest_prefix      char(8)      not null check (digest_prefix ~ '^[0-9a-f]{8}$'),
  acknowledged_by    varchar(128) not null,
  acknowledged_at    timestamptz  not null
);
create index hop_acknowledgement_by_report on hop_acknowledgement (report_id, hop, id);

create table discrepancy (
  id                bigserial primary key,
  hospital_id       varchar(64)  not null,
  period            char(7)      not null,
  final_recipient   varchar(64)  not null,
  kind              varchar(40)  not null,
  hop               integer      not null,
  responsible_party varchar(64)  not null,
  expected          integer,
  actual            integer,
  detail            varchar(1000) not null,
  opened_at         timestamptz  not null,
  resolution        varchar(32),
  resolution_reason varchar(500),
  resolved_by       varchar(128),
  resolved_at       timestamptz
);
create index discrepancy_by_period on discrepancy (hospital_id, period, final_recipient);

create table escalation (
  id                  bigserial primary key,
  hospital_id         varchar(64)  not null,
  period              char(7)      not null,
  final_recipient     varchar(64)  not null,
  level               varchar(16)  not null check (level in ('SUPERVISORS', 'COMPLIANCE')),
  escalated_to        varchar(128) not null,
  cause               varchar(40)  not null,
  escalated_at        timestamptz  not null,
  process_instance_id varchar(64)  not null
);
create index escalation_by_period on escalation (hospital_id, period, final_recipient);

-- Idempotent API: a retried request with the same id returns the first answer and does nothing.
create table client_request (
  request_id      varchar(100) primary key,
  actor           varchar(128) not null,
  operation       varchar(100) not null,
  payload_hash    char(64)     not null,
  response_status integer      not null,
  response_body   text         not null,
  created_at      timestamptz  not null
);
