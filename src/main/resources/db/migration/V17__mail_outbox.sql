-- Issue 11: escalation e-mail goes through an outbox. The escalation writes its mail here in its own
-- transaction (a rolled back escalation leaves nothing to send); a scheduled sender (notification/MailOutbox)
-- claims due rows with FOR UPDATE SKIP LOCKED, so several nodes share the work without sending a row twice,
-- and retries a failed send with backoff until optout.notifications.max-attempts, then marks it FAILED.
-- Recipients, subject and body only: the messages name a hospital, a period, a group and a cause, never a
-- patient or a figure.
create table mail_outbox (
  id              bigint generated always as identity primary key,
  recipients      varchar(320)[] not null check (cardinality(recipients) >= 1),
  subject         varchar(500)   not null,
  body            text           not null,
  state           varchar(8)     not null default 'PENDING' check (state in ('PENDING', 'SENT', 'FAILED')),
  -- Sends tried so far; the last one's error (cut to 500 characters) while it is not sent.
  attempts        integer        not null default 0 check (attempts >= 0),
  last_error      varchar(500),
  -- When a PENDING row is next tried: its creation, after a failure the backoff, while claimed the claim's end.
  next_attempt_at timestamptz    not null,
  created_at      timestamptz    not null,
  sent_at         timestamptz,
  check ((state = 'SENT') = (sent_at is not null))
);
create index mail_outbox_due on mail_outbox (next_attempt_at) where state = 'PENDING';
create index mail_outbox_sent on mail_outbox (sent_at) where state = 'SENT';

-- Idempotency records are kept optout.retention.client-requests (operations/Retention deletes older ones).
create index client_request_created_at on client_request (created_at);
