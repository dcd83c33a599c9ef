package io.optoutchain.intake;

import io.optoutchain.ledger.OptOutKind;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The intake's tables. Every state change is one guarded UPDATE whose WHERE names the state (and hop) it
 * expects; the caller checks that one row changed, so a step taken twice, or out of turn, changes nothing.
 */
@Repository
public class IntakeRepository {

  private static final String SELECT = """
      select r.*, (select array_agg(h.party_id order by h.position) from optout.intake_hop h
                    where h.intake_id = r.id) as route
        from optout.intake_request r
      """;

  private final NamedParameterJdbcTemplate jdbc;

  public IntakeRepository(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public record NewRequest(String hospitalId, String enteredAtParty, String callCentreReference, String patientKey,
      OptOutKind kind, LocalDate receivedOn, IntakeState state, String createdBy, Instant createdAt) {}

  public long insert(NewRequest request, List<String> route) {
    var keys = new GeneratedKeyHolder();
    jdbc.update("""
        insert into optout.intake_request (hospital_id, entered_at_party, call_centre_reference, patient_key, kind,
                                           received_on, state, current_hop, created_by, created_at)
        values (:hospital, :entered, :reference, :key, :kind, :received, :state, :hop, :by, :at)
        """, new MapSqlParameterSource("hospital", request.hospitalId()).addValue("entered", request.enteredAtParty())
        .addValue("reference", request.callCentreReference()).addValue("key", request.patientKey())
        .addValue("kind", request.kind().name()).addValue("received", Date.valueOf(request.receivedOn()))
        .addValue("state", request.state().name())
        .addValue("hop", request.state() == IntakeState.IDENTIFYING ? null : 1)
        .addValue("by", request.createdBy()).addValue("at", Timestamp.from(request.createdAt())), keys,
        new String[] {"id"});
    long id = keys.getKey().longValue();
    for (int position = 1; position <= route.size(); position++) {
      jdbc.update("insert into optout.intake_hop (intake_id, position, party_id) values (:id, :position, :party)",
          Map.of("id", id, "position", position, "party", route.get(position - 1)));
    }
    return id;
  }

  /** Binds a request just inserted to the process instance that carries it: once, and only that request. */
  public boolean bindProcessInstance(long id, String processInstanceId) {
    return jdbc.update("update optout.intake_request set process_instance_id = :pid"
        + " where id = :id and process_instance_id is null", Map.of("id", id, "pid", processInstanceId)) == 1;
  }

  public Optional<IntakeRequest> find(long id) {
    return jdbc.query(SELECT + " where r.id = :id", Map.of("id", id), IntakeRepository::request).stream().findFirst();
  }

  /** The request a process instance carries, its row locked until the transaction ends when {@code lock}. */
  public Optional<IntakeRequest> ofProcessInstance(String processInstanceId, boolean lock) {
    if (lock) {
      jdbc.queryForList("select id from optout.intake_request where process_instance_id = :pid for update",
          Map.of("pid", processInstanceId));
    }
    return jdbc.query(SELECT + " where r.process_instance_id = :pid", Map.of("pid", processInstanceId),
        IntakeRepository::request).stream().findFirst();
  }

  /** The open request for the same hospital, patient and kind, if one is in intake. */
  public Optional<IntakeRequest> findOpen(String hospitalId, String patientKey, OptOutKind kind) {
    return jdbc.query(SELECT + " where r.hospital_id = :hospital and r.patient_key = :key and r.kind = :kind"
        + " and r.state in ('CONFIRMING', 'RECHECKING')", Map.of("hospital", hospitalId, "key", patientKey, "kind", kind.name()),
        IntakeRepository::request).stream().findFirst();
  }

  public Optional<IntakeRequest> findByReference(String enteredAtParty, String reference) {
    return jdbc.query(SELECT + " where r.entered_at_party = :party and r.call_centre_reference = :reference",
        Map.of("party", enteredAtParty, "reference", reference), IntakeRepository::request).stream().findFirst();
  }

  /** IDENTIFYING → CONFIRMING at the first hop, with the key the hospital entered. */
  public boolean identify(long id, String patientKey) {
    return jdbc.update("update optout.intake_request set patient_key = :key, state = 'CONFIRMING', current_hop = 1"
        + " where id = :id and state = 'IDENTIFYING'", Map.of("id", id, "key", patientKey)) == 1;
  }

  /** IDENTIFYING → NOT_IDENTIFIED: the hospital found no patient for the call centre's reference. */
  public boolean notIdentified(long id) {
    return jdbc.update("update optout.intake_request set state = 'NOT_IDENTIFIED', due_at = null"
        + " where id = :id and state = 'IDENTIFYING'", Map.of("id", id)) == 1;
  }

  /** CONFIRMING or RECHECKING at {@code hop} → CONFIRMING at the next hop. */
  public boolean advance(long id, int hop) {
    return jdbc.update("update optout.intake_request set state = 'CONFIRMING', current_hop = current_hop + 1"
        + " where id = :id and state in ('CONFIRMING', 'RECHECKING') and current_hop = :hop",
        Map.of("id", id, "hop", hop)) == 1;
  }

  /** CONFIRMING or RECHECKING at {@code hop} → RECHECKING at the same hop. */
  public boolean recheck(long id, int hop) {
    return jdbc.update("update optout.intake_request set state = 'RECHECKING'"
        + " where id = :id and state in ('CONFIRMING', 'RECHECKING') and current_hop = :hop",
        Map.of("id", id, "hop", hop)) == 1;
  }

  /** CONFIRMING or RECHECKING at the last hop (or IDENTIFYING, for an opt-out the ledger held already) → RECORDED. */
  public boolean recorded(long id, Integer hop, String patientKey, long ledgerEntryId, Instant at) {
    String expected = hop == null ? "state = 'IDENTIFYING'"
        : "state in ('CONFIRMING', 'RECHECKING') and current_hop = :hop";
    return jdbc.update("update optout.intake_request set state = 'RECORDED', current_hop = null, due_at = null,"
        + " patient_key = :key, ledger_entry_id = :entry, recorded_at = :at where id = :id and " + expected,
        new MapSqlParameterSource("id", id).addValue("hop", hop).addValue("key", patientKey)
            .addValue("entry", ledgerEntryId).addValue("at", Timestamp.from(at))) == 1;
  }

  /** When the wait the request now stands at falls due, for the hospital's list. */
  public void showDue(long id, Instant due) {
    jdbc.update("update optout.intake_request set due_at = :due where id = :id"
        + " and state in ('IDENTIFYING', 'CONFIRMING', 'RECHECKING')",
        new MapSqlParameterSource("id", id).addValue("due", due == null ? null : Timestamp.from(due)));
  }

  public void insertConfirmation(long id, int position, String party, HopStatement statement,
      HopStatement.Comparison comparison, String by, Instant at) {
    jdbc.update("""
        insert into optout.intake_confirmation (intake_id, position, party_id, stated_key_prefix, stated_received_on,
                                                key_agrees, date_agrees, confirmed_by, confirmed_at)
        values (:id, :position, :party, :prefix, :received, :keyAgrees, :dateAgrees, :by, :at)
        """, new MapSqlParameterSource("id", id).addValue("position", position).addValue("party", party)
        .addValue("prefix", statement.keyPrefix()).addValue("received", Date.valueOf(statement.receivedOn()))
        .addValue("keyAgrees", comparison.keyAgrees()).addValue("dateAgrees", comparison.dateAgrees())
        .addValue("by", by).addValue("at", Timestamp.from(at)));
  }

  /** A hop's statement as recorded. */
  public record Confirmation(long id, int position, String partyId, String statedKeyPrefix,
      LocalDate statedReceivedOn, boolean keyAgrees, boolean dateAgrees, String confirmedBy, Instant confirmedAt) {

    public HopStatement.Comparison comparison() {
      return new HopStatement.Comparison(keyAgrees, dateAgrees);
    }
  }

  /** The latest statement of a hop: the one compared. */
  public Optional<Confirmation> latestConfirmation(long id, int position) {
    return jdbc.query("select * from optout.intake_confirmation where intake_id = :id and position = :position"
        + " order by id desc limit 1", Map.of("id", id, "position", position), IntakeRepository::confirmation)
        .stream().findFirst();
  }

  public List<Confirmation> confirmations(long id) {
    return jdbc.query("select * from optout.intake_confirmation where intake_id = :id order by id", Map.of("id", id),
        IntakeRepository::confirmation);
  }

  /** A hospital's requests, newest first, optionally in one state. */
  public List<IntakeRequest> ofHospital(String hospitalId, IntakeState state, int offset, int limit) {
    return jdbc.query(SELECT + " where r.hospital_id = :hospital" + (state == null ? "" : " and r.state = :state")
        + " order by r.id desc limit :limit offset :offset", new MapSqlParameterSource("hospital", hospitalId)
        .addValue("state", state == null ? null : state.name()).addValue("limit", limit).addValue("offset", offset),
        IntakeRepository::request);
  }

  public long countOfHospital(String hospitalId, IntakeState state) {
    return jdbc.queryForObject("select count(*) from optout.intake_request where hospital_id = :hospital"
        + (state == null ? "" : " and state = :state"), new MapSqlParameterSource("hospital", hospitalId)
        .addValue("state", state == null ? null : state.name()), Long.class);
  }

  public long insertEscalation(long id, Integer position, IntakeEscalationCause code, String group,
      String processInstanceId, Instant at) {
    var keys = new GeneratedKeyHolder();
    jdbc.update("""
        insert into optout.intake_escalation (intake_id, position, level, escalated_to, cause, escalated_at,
                                              process_instance_id)
        values (:id, :position, :level, :group, :cause, :at, :pid)
        """, new MapSqlParameterSource("id", id).addValue("position", position)
        .addValue("level", code.level().name()).addValue("group", group).addValue("cause", code.cause().name())
        .addValue("at", Timestamp.from(at)).addValue("pid", processInstanceId), keys, new String[] {"id"});
    return keys.getKey().longValue();
  }

  /** An escalation's hop, for the escalated group's task: which party was late. */
  public Optional<Integer> escalatedHop(long escalationId) {
    return jdbc.query("select position from optout.intake_escalation where id = :id", Map.of("id", escalationId),
        (rs, row) -> (Integer) rs.getObject("position")).stream().filter(java.util.Objects::nonNull).findFirst();
  }

  public record EscalationView(long id, Integer position, String level, String escalatedTo, String cause,
      Instant escalatedAt, String handling, String handledBy, Instant handledAt) {}

  public List<EscalationView> escalations(long id) {
    return jdbc.query("select * from optout.intake_escalation where intake_id = :id order by id", Map.of("id", id),
        (rs, row) -> new EscalationView(rs.getLong("id"), (Integer) rs.getObject("position"), rs.getString("level"),
            rs.getString("escalated_to"), rs.getString("cause"), rs.getTimestamp("escalated_at").toInstant(),
            rs.getString("handling"), rs.getString("handled_by"), instant(rs.getTimestamp("handled_at"))));
  }

  private static IntakeRequest request(ResultSet rs, int row) throws SQLException {
    Array route = rs.getArray("route");
    return new IntakeRequest(rs.getLong("id"), rs.getString("hospital_id"), rs.getString("entered_at_party"),
        rs.getString("call_centre_reference"), rs.getString("patient_key"), OptOutKind.valueOf(rs.getString("kind")),
        rs.getDate("received_on").toLocalDate(), IntakeState.valueOf(rs.getString("state")),
        (Integer) rs.getObject("current_hop"), instant(rs.getTimestamp("due_at")), rs.getString("process_instance_id"),
        (Long) rs.getObject("ledger_entry_id"), rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
        instant(rs.getTimestamp("recorded_at")),
        route == null ? List.of() : Arrays.asList((String[]) route.getArray()));
  }

  private static Confirmation confirmation(ResultSet rs, int row) throws SQLException {
    return new Confirmation(rs.getLong("id"), rs.getInt("position"), rs.getString("party_id"),
        rs.getString("stated_key_prefix"), rs.getDate("stated_received_on").toLocalDate(), rs.getBoolean("key_agrees"),
        rs.getBoolean("date_agrees"), rs.getString("confirmed_by"), rs.getTimestamp("confirmed_at").toInstant());
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
