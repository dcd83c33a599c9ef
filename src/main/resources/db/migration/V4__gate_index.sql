-- The provision gate looks for the months that are not yet reconciled: few, once the chain runs.
create index period_status_unreconciled on period_status (final_recipient, period, hospital_id)
  where status <> 'RECONCILED';
