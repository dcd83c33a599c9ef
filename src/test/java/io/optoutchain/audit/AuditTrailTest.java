package io.optoutchain.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jayway.jsonpath.JsonPath;
import io.optoutchain.support.ReportingTest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The regulators' audit trail: every business event, hash-chained, and any tampering named. */
class AuditTrailTest extends ReportingTest {

  @Autowired AuditTrail trail;
  @Autowired AuditVerifier verifier;
  @Autowired PlatformTransactionManager transactions;

  private void aCleanMonth() {
    recordOptOut(HOSPITAL, patientKey("a"), LocalDate.of(2024, 12, 2));
    start("2024-12");
    declare("2024-12", 1, false);
    sendCompiledReport("2024-12");
    acknowledgeWhatWasSent(LDI_OPERATOR, "2024-12");
    acknowledgeWhatWasSent(JMIMO_OPERATOR, "2024-12");
    confirmAppliedAsTheLedgerHasIt("2024-12");
  }

  private long head() {
    return jdbc.queryForObject("select max(seq) from optout.audit_event", Long.class);
  }

  /** Tampers through SQL, as someone with database access would, verifies, then puts everything back. */
  private AuditVerifier.Verification tampered(Consumer<Long> tampering) {
    var template = new TransactionTemplate(transactions);
    return template.execute(status -> {
      jdbc.execute("alter table optout.audit_event disable trigger audit_event_append_only");
      tampering.accept(head());
      var result = verifier.verify();
      status.setRollbackOnly();
      return result;
    });
  }

  @Test
  void aMonthLeavesOneEventPerBusinessStepWithWhoAndWhat() {
    long before = head();
    aCleanMonth();

    List<Map<String, Object>> month = jdbc.queryForList(
        "select event_type, actor_user, actor_party, payload, process_instance_id from optout.audit_event"
            + " where seq > ? order by seq", before);
    assertThat(month).extracting(e -> e.get("event_type")).containsExactly("LEDGER_ENTRY", "DECLARATION",
        "REPORT_SENT", "ACKNOWLEDGEMENT", "ACKNOWLEDGEMENT", "APPLIED_CONFIRMATION", "PERIOD_RECONCILED");
    assertThat(month.get(1)).containsEntry("actor_user", HOSPITAL_OPERATOR).containsEntry("actor_party", HOSPITAL)
        .containsEntry("payload", "{\"count\":1,\"digestPrefix\":\"" + ledgerDigestPrefix("2024-12")
            + "\",\"finalRecipient\":\"jmimo\",\"nilAttested\":false}");
    assertThat(month.get(3)).containsEntry("actor_party", "ldi");
    assertThat((String) month.get(0).get("payload")).contains(patientKey("a"));
    // Figures only: the recipient's count and digest prefix, never a key or free text.
    assertThat(month.get(5)).containsEntry("actor_user", JMIMO_OPERATOR).containsEntry("actor_party", "jmimo")
        .containsEntry("payload", "{\"count\":1,\"digestPrefix\":\"" + ledgerCumulativeDigestPrefix("2024-12")
            + "\",\"finalRecipient\":\"jmimo\"}");
    assertThat(month.get(6).get("process_instance_id")).isNotNull();
    var verification = verifier.verify();
    assertThat(verification.intact()).isTrue();
    assertThat(verification.rows()).isEqualTo(head());
    assertThat(verification.headHash())
        .isEqualTo(jdbc.queryForObject("select hash from optout.audit_event where seq = ?", String.class, head()));
  }

  @Test
  void aRefusedCommandLeavesNoEvent() {
    start("2024-12");
    long before = head();

    assertThatThrownBy(() -> declare("2024-12", -1, false)).rootCause()
        .hasMessageContaining("a number of distinct patients cannot be negative");

    assertThat(head()).isEqualTo(before);
  }

  @Test
  void everyKindOfTamperingIsFoundAndTheFirstBrokenRowNamed() {
    aCleanMonth();

    var edited = tampered(seq -> jdbc.update(
        "update optout.audit_event set payload = '{\"count\":0,\"nilAttested\":true}' where seq = ?", seq - 4));
    assertThat(edited.intact()).isFalse();
    assertThat(edited.problem()).contains("content");
    long head = head();
    assertThat(edited.firstBrokenSeq()).isEqualTo(head - 4);

    var deleted = tampered(seq -> jdbc.update("delete from optout.audit_event where seq = ?", seq - 2));
    assertThat(deleted.firstBrokenSeq()).isEqualTo(head - 2);
    assertThat(deleted.problem()).contains("sequence");

    var inserted = tampered(seq -> jdbc.update("""
        insert into optout.audit_event (seq, occurred_at, actor_user, event_type, payload, previous_hash, hash)
        select seq + 1, occurred_at, 'intruder', 'DECLARATION', '{}', hash, repeat('0', 64)
          from optout.audit_event where seq = ?
        """, seq));
    assertThat(inserted.firstBrokenSeq()).isEqualTo(head + 1);

    var reordered = tampered(seq -> {
      jdbc.update("update optout.audit_event set seq = ? where seq = ?", seq + 1_000_000, seq - 1);
      jdbc.update("update optout.audit_event set seq = ? where seq = ?", seq - 1, seq);
      jdbc.update("update optout.audit_event set seq = ? where seq = ?", seq, seq + 1_000_000);
    });
    assertThat(reordered.intact()).isFalse();
    assertThat(reordered.firstBrokenSeq()).isEqualTo(head - 1);

    assertThat(verifier.verify().intact()).isTrue();
  }

  @Test
  void theApplicationCannotChangeOrRemoveAuditRows() {
    aCleanMonth();

    assertThatThrownBy(() -> jdbc.update("update optout.audit_event set actor_user = 'x' where seq = ?", head()))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.update("delete from optout.audit_event where seq = ?", head()))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.execute("truncate optout.audit_event")).hasMessageContaining("append-only");
  }

  @Test
  void concurrentWritersNeverForkTheChain() throws Exception {
    long before = head();
    var template = new TransactionTemplate(transactions);
    List<Callable<Void>> writers = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      int writer = w;
      writers.add(() -> {
        for (int i = 0; i < 25; i++) {
          int n = i;
          template.executeWithoutResult(status -> trail.append("TEST_EVENT", "writer-" + writer, null, null, null,
              Map.of("n", n)));
        }
        return null;
      });
    }
    var pool = Executors.newFixedThreadPool(8);
    try {
      for (var done : pool.invokeAll(writers)) {
        done.get();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(head()).isEqualTo(before + 200);
    assertThat(verifier.verify().intact()).isTrue();
  }

  @Test
  void regulatorsReadVerifyAndExportPartiesReadTheirOwn() {
    aCleanMonth();
    var regulator = rest.withBasicAuth("regulator", "demo");

    var verify = regulator.getForEntity("/api/audit/verify", String.class);
    assertThat(verify.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat((Boolean) JsonPath.read(verify.getBody(), "$.intact")).isTrue();
    var declarations = regulator.getForEntity("/api/audit/events?hospital=hospital-a&period=2024-12&type=DECLARATION",
        String.class);
    assertThat(JsonPath.<List<Object>>read(declarations.getBody(), "$[*].seq")).isNotEmpty();
    var csv = regulator.getForEntity("/api/audit/events/export?format=csv&hospital=hospital-a", String.class);
    assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
    assertThat(csv.getBody()).startsWith(Downloads.BYTE_ORDER_MARK + "seq,occurred_at").contains("DECLARATION")
        .contains("REPORT_SENT");
    var exported = regulator.getForEntity("/api/audit/events/export?format=json&hospital=hospital-a", String.class);
    assertThat(JsonPath.<List<String>>read(exported.getBody(), "$[*].eventType")).contains("ACKNOWLEDGEMENT");
    var timeline = regulator.getForEntity("/api/audit/timeline/hospital-a/2024-12", String.class);
    assertThat(JsonPath.<List<String>>read(timeline.getBody(), "$[*].source")).contains("audit", "process", "task");

    var ldiEvents = rest.withBasicAuth(LDI_OPERATOR, "demo").getForEntity("/api/audit/events?hospital=hospital-a",
        String.class);
    assertThat(JsonPath.<List<String>>read(ldiEvents.getBody(), "$[*].actorParty")).isNotEmpty().containsOnly("ldi");
    assertThat(rest.withBasicAuth(LDI_OPERATOR, "demo").getForEntity("/api/audit/verify", String.class).getStatusCode())
        .isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void aResolutionsReasonStaysOutOfTheChainWhichHoldsItsDigestAndTheTimelineShowsItChecked() {
    String reason = "LDI sent January's file by mistake";
    // The trail outlives each test's clean-up, and the timeline is in time order: later than any
    // other test's clock, this month's resolution is the last one of December.
    moveClockTo(java.time.Instant.parse("2030-01-07T01:00:00Z"));
    recordOptOut(HOSPITAL, patientKey("incident"), LocalDate.of(2024, 12, 9));
    start("2024-12");
    declare("2024-12", 1, false);
    sendOwnManifest("2024-12", List.of(), List.of());
    resolve(KEEPER_OPERATOR, "2024-12", io.optoutchain.reporting.Resolution.CORRECTED_REPORT, reason, null, null);

    String payload = jdbc.queryForObject("select payload from optout.audit_event where event_type = 'RESOLUTION'"
        + " order by seq desc limit 1", String.class);
    assertThat(payload).doesNotContain("January")
        .contains("\"reasonSha256\":\"" + io.optoutchain.digest.Sha256.hex(reason) + "\"");
    var regulator = rest.withBasicAuth("regulator", "demo");
    String resolution = "$[?(@.what == 'RESOLUTION')]";
    var timeline = regulator.getForEntity("/api/audit/timeline/hospital-a/2024-12", String.class).getBody();
    assertThat(JsonPath.<List<String>>read(timeline, resolution + ".reason")).last().isEqualTo(reason);
    assertThat(JsonPath.<List<Boolean>>read(timeline, resolution + ".reasonMatchesTrail")).last().isEqualTo(true);

    // Someone with database access rewrites the reason: the timeline says it no longer matches the trail.
    jdbc.update("update optout.discrepancy set resolution_reason = 'nothing happened'");
    var changed = regulator.getForEntity("/api/audit/timeline/hospital-a/2024-12", String.class).getBody();
    assertThat(JsonPath.<List<Boolean>>read(changed, resolution + ".reasonMatchesTrail")).last().isEqualTo(false);
  }

  @Test
  void failedLoginsAreRecorded() {
    long before = head();

    rest.withBasicAuth("someone", "guess").getForEntity("/api/tasks", String.class);

    assertThat(jdbc.queryForList("select event_type from optout.audit_event where seq > ?", String.class, before))
        .containsExactly("LOGIN_FAILED");
  }
}
