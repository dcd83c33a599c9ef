-- Releases and recalls escalate as the monthly report does (V10): the group an escalation reaches gets
-- a task of its own and handles it once, acknowledging it with a note or, when the late work is its
-- own party's operators', taking it over with a reason.
alter table release_escalation
  add column handling   varchar(16) check (handling in ('ACKNOWLEDGED', 'TAKEN_OVER')),
  add column handled_by varchar(128),
  add column handled_at timestamptz,
  add column note       varchar(2000),
  add constraint release_escalation_handled_whole check ((handling is null) = (handled_by is null)
                                                         and (handling is null) = (handled_at is null));

-- A recall's escalations were steps of the recall (recall_step, done by "system"); from here on each is
-- a row of its own, as in the other processes. The earlier ones stay the steps they were recorded as.
-- A data user's unconfirmed stop names the data user; a missed regulator deadline names none.
create table recall_escalation (
  id                  bigserial primary key,
  recall_id           bigint       not null references recall (id),
  target_id           bigint references recall_target (id),
  escalated_to        varchar(128) not null,
  cause               varchar(40)  not null,
  escalated_at        timestamptz  not null,
  process_instance_id varchar(64)  not null,
  handling            varchar(16) check (handling in ('ACKNOWLEDGED', 'TAKEN_OVER')),
  handled_by          varchar(128),
  handled_at          timestamptz,
  note                varchar(2000),
  constraint recall_escalation_names_its_data_user check ((cause = 'UNCONFIRMED_STOP') = (target_id is not null)),
  constraint recall_escalation_handled_whole check ((handling is null) = (handled_by is null)
                                                    and (handling is null) = (handled_at is null))
);
create index recall_escalation_by_recall on recall_escalation (recall_id);
