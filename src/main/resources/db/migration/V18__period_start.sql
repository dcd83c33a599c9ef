-- Issue 11: a month starts for every hospital in chunks, once in a cluster, and a node that missed the
-- close day catches up (reporting/process/PeriodStart, PeriodCloser). One row per period: the run that
-- starts its reports. Each chunk locks the row (for update skip locked), starts the reports of the next
-- hospitals after the cursor in hospital id order, and moves the cursor in the same transaction, so a
-- crash resumes after the last committed chunk and two nodes never work on the same chunk.
create table period_start (
  period                    char(7)      primary key check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  state                     varchar(16)  not null check (state in ('RUNNING', 'DONE', 'FAILED')),
  -- The last hospital id done (byte order, collate "C"); null before the first chunk.
  cursor_hospital_id        varchar(50),
  hospitals_total           integer      not null check (hospitals_total >= 0),
  hospitals_done            integer      not null default 0 check (hospitals_done >= 0),
  reports_started           integer      not null default 0 check (reports_started >= 0),
  -- Hospitals visited with no report left to start: started already (by name, or by an earlier run), or none to start.
  hospitals_already_started integer      not null default 0 check (hospitals_already_started >= 0),
  requested_by              varchar(128) not null,
  started_at                timestamptz  not null,
  updated_at                timestamptz  not null,
  finished_at               timestamptz,
  last_error                varchar(2000),
  check ((state = 'DONE') = (finished_at is not null))
);

-- The chunks read hospitals in byte order after the cursor: an index in that order, whatever the
-- database's default collation.
create index hospital_chain_in_byte_order on hospital_chain (hospital_id collate "C");
