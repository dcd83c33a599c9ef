-- Appending an audit event no longer queues every writer on one lock (issue 11). A business
-- transaction inserts its event unsealed: the content, an id from a sequence, and the SHA-256 of
-- both. One sealer at a time (audit/AuditSealer) then places committed events into the chain, which
-- lives in its own table. Both tables stay append-only.

-- The content rows keep their numbers: up to now an event's id and its place in the chain are one.
alter table audit_event rename column seq to id;
create sequence audit_event_id_seq owned by audit_event.id;
select setval('audit_event_id_seq', coalesce(max(id), 0) + 1, false) from audit_event;
alter table audit_event alter column id set default nextval('audit_event_id_seq');
-- Null only on the rows sealed before this version: their chain hash covers them.
alter table audit_event add column content_sha256 char(64);
-- The transaction that wrote the row, so that the sealer looks only where an unsealed row can be.
-- Null on the rows sealed before this version.
alter table audit_event add column written_by bigint;
alter table audit_event alter column written_by set default pg_current_xact_id()::text::bigint;
create index audit_event_by_writer on audit_event (written_by);

-- The chain: an event's place (seq), the previous place's hash, and the hash over that and the
-- event's content with its place. An event has one place at most.
create table audit_chain (
  seq           bigint   primary key check (seq >= 1),
  event_id      bigint   not null unique references audit_event (id),
  previous_hash char(64) not null,
  hash          char(64) not null
);
insert into audit_chain (seq, event_id, previous_hash, hash)
  select id, id, previous_hash, hash from audit_event order by id;
alter table audit_event drop column previous_hash, drop column hash;

create trigger audit_chain_append_only before update or delete on audit_chain
  for each row execute function refuse_change();
create trigger audit_chain_no_truncate before truncate on audit_chain
  for each statement execute function refuse_change();
