-- Where the audit sealer and its lag gauge start looking: every event written by a transaction below
-- this id (PostgreSQL's, with its epoch) is sealed. Kept in the database, not by each node, so a node
-- that restarts, and the gauge every node reads, look only where an unsealed event can be instead of
-- at the whole trail. Only ever raised, by the sealer holding its lock. Not evidence: the chain is.
create table audit_seal_watermark (
  id           smallint primary key default 1 check (id = 1),
  sealed_below bigint   not null check (sealed_below >= 0)
);
insert into audit_seal_watermark (id, sealed_below) values (1, 0);
