-- A late-found opt-out whose patient is in data already provided: which releases and data users,
-- and every step taken to stop the use and tell the hospital, the patient and the regulators.
create table recall (
  id                  bigserial primary key,
  ledger_entry_id     bigint      not null references ledger_entry (id) unique,
  hospital_id         varchar(64) not null,
  status              varchar(16) not null check (status in ('OPEN', 'CLOSED')),
  opened_at           timestamptz not null,
  closed_at           timestamptz,
  process_instance_id varchar(64)
);

create table recall_target (
  id         bigserial primary key,
  recall_id  bigint      not null references recall (id),
  release_id bigint      not null references data_release (id),
  producer   varchar(64) not null,
  data_user  varchar(64) not null,
  unique (recall_id, release_id)
);

create table recall_step (
  id         bigserial primary key,
  recall_id  bigint        not null references recall (id),
  target_id  bigint references recall_target (id),
  step       varchar(64)   not null,
  done_by    varchar(128)  not null,
  done_at    timestamptz   not null,
  note       varchar(1000) not null
);
create index recall_step_by_recall on recall_step (recall_id, step);
