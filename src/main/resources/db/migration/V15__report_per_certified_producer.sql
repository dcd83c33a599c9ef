-- Each report chain of a hospital (one per certified producer receiving its records) is its own
-- monthly report. The route its report takes is recorded when the month starts, so a running month
-- keeps the chain it started with when an administrator changes the chain later.
-- The hospital declares once a month: one of the month's reports carries the declaration task and
-- the others wait for it; the database holds that to one report per hospital and month.
alter table period_status
  add column report_route varchar(64)[] check (cardinality(report_route) >= 2),
  add column declares     boolean not null default true;
create unique index period_status_one_declaring_report on period_status (hospital_id, period) where declares;
