-- Issue 10, item 1: parties and chains are data, managed by the administrator (/api/admin/...,
-- /admin/parties.html, CSV import) and read by PartyDirectory on every call, so a new hospital or
-- chain takes effect on every node without a restart. The YAML (optout.parties, optout.chains) only
-- seeds these tables, inserting what is absent.
--
-- Ids are lower-case letters, digits, '.', '_' and '-', at most 50 characters: a party's groups are
-- <id>-operators, <id>-supervisors and <id>-compliance, and Camunda's group id holds 64.

create table party (
  id            varchar(50)  primary key check (id ~ '^[a-z0-9][a-z0-9._-]{0,49}$'),
  name_ja       varchar(100) not null check (btrim(name_ja) <> ''),
  name_en       varchar(100) check (name_en is null or btrim(name_en) <> ''),
  -- Escalations are mailed here as well as to the members of the escalated group.
  contact_email varchar(254) check (contact_email is null or contact_email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
  created_at    timestamptz  not null,
  updated_at    timestamptz  not null
);

create table party_role (
  party_id varchar(50) not null references party (id),
  role     varchar(32) not null
    check (role in ('HOSPITAL', 'CONTRACTOR', 'CERTIFIED_PRODUCER', 'DATA_USER', 'REGULATOR')),
  primary key (party_id, role)
);
create index party_role_by_role on party_role (role, party_id);

-- A chain is a named template shared by many hospitals: the intake route after the hospital (its last
-- party keeps the ledger) and one report route per certified producer receiving the records, each
-- from the ledger keeper to that producer.
create table chain (
  id         varchar(50)  primary key check (id ~ '^[a-z0-9][a-z0-9._-]{0,49}$'),
  name       varchar(200) not null check (btrim(name) <> ''),
  created_at timestamptz  not null,
  updated_at timestamptz  not null
);

create table chain_intake (
  chain_id varchar(50) not null references chain (id),
  position integer     not null check (position >= 1),
  party_id varchar(50) not null references party (id),
  primary key (chain_id, position)
);
create index chain_intake_by_party on chain_intake (party_id);

create table chain_report (
  chain_id varchar(50) not null references chain (id),
  route_no integer     not null check (route_no >= 1),
  position integer     not null check (position >= 1),
  party_id varchar(50) not null references party (id),
  primary key (chain_id, route_no, position),
  -- A party appears once on a route.
  unique (chain_id, route_no, party_id)
);
create index chain_report_by_party on chain_report (party_id);

-- Which chain a hospital's opt-outs travel: at most one per hospital.
create table hospital_chain (
  hospital_id varchar(50) primary key references party (id),
  chain_id    varchar(50) not null references chain (id),
  assigned_at timestamptz not null
);
create index hospital_chain_by_chain on hospital_chain (chain_id, hospital_id);
