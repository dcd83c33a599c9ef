-- Issue 9: an escalation is a task of the group it reaches. Its supervisor or compliance officer
-- acknowledges it (with a note) or, when the group is of the party that must act, takes the late
-- task over with a reason. Set once: an escalation is handled once.
alter table escalation
  add column handling   varchar(16) check (handling in ('ACKNOWLEDGED', 'TAKEN_OVER')),
  add column handled_by varchar(128),
  add column handled_at timestamptz,
  add column note       varchar(2000),
  add constraint escalation_handled_whole check ((handling is null) = (handled_by is null)
                                                 and (handling is null) = (handled_at is null));
