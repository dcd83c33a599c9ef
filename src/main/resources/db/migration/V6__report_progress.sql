-- Where a monthly report's hop loop stands, kept in our table rather than in process variables a
-- user could write: the hop awaiting acknowledgement, and the hop from which acknowledgements
-- resume after a discrepancy is resolved.
alter table period_status
  add column current_hop   integer not null default 1 check (current_hop >= 1),
  add column divergent_hop integer not null default 1 check (divergent_hop >= 1);

-- Every delegate finds its report by the process instance it runs in.
create unique index period_status_by_process_instance on period_status (process_instance_id);
