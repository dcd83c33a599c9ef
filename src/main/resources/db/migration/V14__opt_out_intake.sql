-- Issue 10, item 3: the opt-out intake. A request enters where the patient made it: at the hospital
-- (with the patient's key) or at a certified producer's call centre (with an opaque reference only; the
-- hospital identifies the patient and enters the key). It then travels the hospital's intake route hop by
-- hop, each hop confirming blind the key's first 8 hex digits and the day the request was first received;
-- the ledger keeper's confirmation writes the ledger entry, dated that day.
--
-- Every state change is a guarded UPDATE (the expected state and hop in its WHERE). The process finds its
-- request by the process instance, never by a variable.
create table intake_request (
  id                    bigserial primary key,
  hospital_id           varchar(64)  not null,
  -- Where the patient made the request: the hospital itself, a party of its intake route, or a certified
  -- producer's call centre.
  entered_at_party      varchar(64)  not null,
  -- The call centre's own reference number: opaque, never a name or a patient number.
  call_centre_reference varchar(64) check (call_centre_reference ~ '^[A-Za-z0-9._-]{1,64}$'),
  -- Null until the hospital has identified the patient of a call-centre request.
  patient_key           char(64) check (patient_key ~ '^[0-9a-f]{64}$'),
  kind                  varchar(16)  not null check (kind in ('STOP_PROVISION', 'DELETE')),
  -- The day the patient's request was first received (at the hospital or at the call centre): it dates the
  -- ledger entry and so decides its month.
  received_on           date         not null,
  -- NOT_IDENTIFIED: the hospital found no patient for a call centre's reference; nothing reaches the ledger.
  state                 varchar(16)  not null check (state in ('IDENTIFYING', 'CONFIRMING', 'RECHECKING', 'RECORDED',
                                                             'NOT_IDENTIFIED')),
  -- The position (1-based) in intake_hop of the hop whose confirmation is awaited.
  current_hop           integer check (current_hop >= 1),
  -- When the wait the request stands at falls due (shown to the hospital).
  due_at                timestamptz,
  process_instance_id   varchar(64) unique,
  ledger_entry_id       bigint references ledger_entry (id),
  created_by            varchar(128) not null,
  created_at            timestamptz  not null,
  recorded_at           timestamptz,
  constraint intake_request_key_or_reference check (patient_key is not null or call_centre_reference is not null),
  constraint intake_request_identified check ((state in ('IDENTIFYING', 'NOT_IDENTIFIED')) = (patient_key is null)),
  constraint intake_request_at_a_hop check ((state in ('CONFIRMING', 'RECHECKING')) = (current_hop is not null)),
  constraint intake_request_recorded check ((state = 'RECORDED') = (ledger_entry_id is not null and recorded_at is not null))
);
-- One open intake per hospital, patient and kind: the same request sent again finds it.
create unique index intake_request_one_open on intake_request (hospital_id, patient_key, kind)
  where state in ('CONFIRMING', 'RECHECKING') and patient_key is not null;
-- A call centre's reference names one request.
create unique index intake_request_by_reference on intake_request (entered_at_party, call_centre_reference)
  where call_centre_reference is not null;
create index intake_request_by_hospital on intake_request (hospital_id, id);

-- The route of a request, recorded when it starts (PartyDirectory.intakeOf at that moment): a running
-- request keeps its route when the configuration changes. The last hop keeps the ledger.
create table intake_hop (
  intake_id bigint      not null references intake_request (id),
  position  integer     not null check (position >= 1),
  party_id  varchar(64) not null,
  primary key (intake_id, position)
);

-- What each hop stated, blind: the first 8 hex digits of the key it holds and the day it says the request
-- was first received. A re-check after a disagreement is a new row; the latest row of a hop is compared.
create table intake_confirmation (
  id                 bigserial primary key,
  intake_id          bigint       not null,
  position           integer      not null,
  party_id           varchar(64)  not null,
  stated_key_prefix  char(8)      not null check (stated_key_prefix ~ '^[0-9a-f]{8}$'),
  stated_received_on date         not null,
  key_agrees         boolean      not null,
  date_agrees        boolean      not null,
  confirmed_by       varchar(128) not null,
  confirmed_at       timestamptz  not null,
  foreign key (intake_id, position) references intake_hop (intake_id, position)
);
create index intake_confirmation_by_hop on intake_confirmation (intake_id, position, id);

-- A late wait of an intake, escalated as in the other processes (V10, V11): to whom, why, when, and how the
-- group it reached handled it. position is the hop that was late; null while the hospital identifies.
create table intake_escalation (
  id                  bigserial primary key,
  intake_id           bigint       not null references intake_request (id),
  position            integer,
  level               varchar(16)  not null check (level in ('SUPERVISORS', 'COMPLIANCE')),
  escalated_to        varchar(128) not null,
  cause               varchar(40)  not null,
  escalated_at        timestamptz  not null,
  process_instance_id varchar(64)  not null,
  handling            varchar(16) check (handling in ('ACKNOWLEDGED', 'TAKEN_OVER')),
  handled_by          varchar(128),
  handled_at          timestamptz,
  note                varchar(2000),
  constraint intake_escalation_handled_whole check ((handling is null) = (handled_by is null)
                                                    and (handling is null) = (handled_at is null))
);
create index intake_escalation_by_intake on intake_escalation (intake_id);
