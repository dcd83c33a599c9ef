-- Datasets a certified producer provides to a data user, and the keys each contained, kept so a
-- late opt-out can be traced to every release it touched.
create table data_release (
  id                  bigserial primary key,
  producer            varchar(64)  not null,
  data_user           varchar(64)  not null,
  cutoff              date         not null,
  hospitals           varchar(64)[] not null,
  key_count           bigint       not null,
  status              varchar(20)  not null check (status in ('CHECKING', 'BLOCKED_BY_GATE', 'BLOCKED_BY_OPT_OUTS',
                                                              'AWAITING_APPROVAL', 'REJECTED', 'RELEASED')),
  blocked_detail      text,
  digest              char(64),
  process_instance_id varchar(64),
  registered_by       varchar(128) not null,
  registered_at       timestamptz  not null,
  decided_by          varchar(128),
  decided_at          timestamptz,
  decision_reason     varchar(500)
);
create index data_release_by_producer on data_release (producer, status);

create table release_key (
  release_id  bigint      not null references data_release (id),
  hospital_id varchar(64) not null,
  patient_key char(64)    not null,
  primary key (release_id, hospital_id, patient_key)
);
-- Tracing: which released datasets contain a hospital's patient.
create index release_key_by_patient on release_key (hospital_id, patient_key);
