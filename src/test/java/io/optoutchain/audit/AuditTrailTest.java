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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The regulators' audit trail: every business event, hash-chained by the sealer, and any tampering
 * named, sealed or not. The sealer runs only where a test calls it.
 */
class AuditTrailTest extends ReportingTest {

  @Autowired AuditTrail trail;
  @Autowired AuditVerifier verifier;
  @Autowired AuditSealer sealer;
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

  /** The last event written, sealed or not. */
  private long head() {
    return jdbc.queryForObject("select max(id) from optout.audit_event", Long.class);
  }

  /** The last place in the chain. */
  private long chainHead() {
    return jdbc.queryForObject("select max(seq) from optout.audit_chain", Long.class);
  }

  private Long placeOf(long eventId) {
    return jdbc.queryForList("select seq from optout.audit_chain where event_id = ?", Long.class, eventId).stream()
        .findFirst().orElse(null);
  }

  /**
   * Tampers through SQL, as someone with database access would, verifies, then puts everything back.
   * The tampering gets the last place in the chain.
   */
  private AuditVerifier.Verification tampered(Consumer<Long> tampering) {
    var template = new TransactionTemplate(transactions);
    return template.execute(status -> {
      // Replica: no trigger fires, the append-only ones nor those that hold the chain to its events.
      jdbc.execute("set local session_replication_role = replica");
      tampering.accept(chainHead());
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
            + " where id > ? order by id", before);
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
    var unsealed = verifier.verify();
    assertThat(unsealed.intact()).isTrue();
    assertThat(unsealed.unsealedRows()).isGreaterThanOrEqualTo(7);
    assertThat(placeOf(head())).isNull();

    sealer.sealPending();

    var verification = verifier.verify();
    assertThat(verification.intact()).isTrue();
    assertThat(verification.unsealedRows()).isZero();
    assertThat(verification.oldestUnsealedAgeSeconds()).isNull();
    assertThat(verification.rows()).isEqualTo(chainHead());
    assertThat(verification.headHash())
        .isEqualTo(jdbc.queryForObject("select hash from optout.audit_chain where seq = ?", String.class, chainHead()));
    assertThat(jdbc.queryForList("select c.seq from optout.audit_event e join optout.audit_chain c on c.event_id = e.id"
        + " where e.id > ? order by e.id", Long.class, before)).hasSize(7).isSorted();
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
  void everyKindOfTamperingWithTheChainIsFoundAndTheFirstBrokenPlaceNamed() {
    aCleanMonth();
    sealer.sealPending();
    long head = chainHead();
    long editedEvent = jdbc.queryForObject("select event_id from optout.audit_chain where seq = ?", Long.class,
        head - 4);

    var edited = tampered(seq -> jdbc.update(
        "update optout.audit_event set payload = '{\"count\":0,\"nilAttested\":true}' where id = ?", editedEvent));
    assertThat(edited.intact()).isFalse();
    assertThat(edited.problem()).contains("content");
    assertThat(edited.firstBrokenSeq()).isEqualTo(head - 4);
    assertThat(edited.firstBrokenEventId()).isEqualTo(editedEvent);

    var deleted = tampered(seq -> jdbc.update("delete from optout.audit_chain where seq = ?", seq - 2));
    assertThat(deleted.firstBrokenSeq()).isEqualTo(head - 2);
    assertThat(deleted.problem()).contains("sequence");

    var eventGone = tampered(seq -> jdbc.update(
        "delete from optout.audit_event where id = (select event_id from optout.audit_chain where seq = ?)", seq - 3));
    assertThat(eventGone.firstBrokenSeq()).isEqualTo(head - 3);
    assertThat(eventGone.problem()).contains("gone");

    var inserted = tampered(seq -> jdbc.update("""
        with intruder as (
          insert into optout.audit_event (occurred_at, actor_user, event_type, payload)
          values (now(), 'intruder', 'DECLARATION', '{}') returning id)
        insert into optout.audit_chain (seq, event_id, previous_hash, hash)
        select c.seq + 1, intruder.id, c.hash, repeat('0', 64) from optout.audit_chain c, intruder where c.seq = ?
        """, seq));
    assertThat(inserted.firstBrokenSeq()).isEqualTo(head + 1);

    var reordered = tampered(seq -> {
      jdbc.update("update optout.audit_chain set seq = ? where seq = ?", seq + 1_000_000, seq - 1);
      jdbc.update("update optout.audit_chain set seq = ? where seq = ?", seq - 1, seq);
      jdbc.update("update optout.audit_chain set seq = ? where seq = ?", seq, seq + 1_000_000);
    });
    assertThat(reordered.intact()).isFalse();
    assertThat(reordered.firstBrokenSeq()).isEqualTo(head - 1);

    assertThat(verifier.verify().intact()).isTrue();
  }

  @Test
  void anEventChangedBeforeItIsSealedIsNamedAndNeverSealed() {
    aCleanMonth();
    sealer.sealPending();
    writeTestEvents(2);
    long after = head();
    long changed = after - 1;

    var tampering = tampered(seq -> jdbc.update("update optout.audit_event set payload = '{\"n\":9}' where id = ?",
        changed));
    assertThat(tampering.intact()).isFalse();
    assertThat(tampering.firstBrokenSeq()).isNull();
    assertThat(tampering.firstBrokenEventId()).isEqualTo(changed);
    assertThat(tampering.problem()).contains("not sealed yet").contains("digest");
    assertThat(tampering.unsealedRows()).isEqualTo(2);

    // Changed for good before the sealer comes: it seals nothing from that event on.
    changeForGood("update optout.audit_event set payload = '{\"n\":9}' where id = " + changed);
    try {
      assertThat(sealer.sealPending()).isZero();
      assertThat(placeOf(changed)).isNull();
      assertThat(placeOf(after)).isNull();
      assertThat(verifier.verify().firstBrokenEventId()).isEqualTo(changed);
    } finally {
      changeForGood("update optout.audit_event set payload = '{\"n\":0}' where id = " + changed);
    }
    assertThat(sealer.sealPending()).isEqualTo(2);
    assertThat(placeOf(after)).isEqualTo(placeOf(changed) + 1);
    assertThat(verifier.verify().intact()).isTrue();
  }

  /** A change that commits, as the sealer would then see it. */
  private void changeForGood(String update) {
    new TransactionTemplate(transactions).executeWithoutResult(status -> {
      jdbc.execute("set local session_replication_role = replica");
      jdbc.update(update);
    });
  }

  @Test
  void theApplicationCannotChangeOrRemoveAuditRows() {
    aCleanMonth();
    sealer.sealPending();

    assertThatThrownBy(() -> jdbc.update("update optout.audit_event set actor_user = 'x' where id = ?", head()))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.update("delete from optout.audit_event where id = ?", head()))
        .hasMessageContaining("append-only");
    // Plain, the chain's foreign key refuses it; with the chain, the triggers do.
    assertThatThrownBy(() -> jdbc.execute("truncate optout.audit_event")).hasMessageContaining("foreign key");
    assertThatThrownBy(() -> jdbc.execute("truncate optout.audit_event cascade")).hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.update("update optout.audit_chain set hash = hash where seq = ?", chainHead()))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.update("delete from optout.audit_chain where seq = ?", chainHead()))
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.execute("truncate optout.audit_chain")).hasMessageContaining("append-only");
  }

  @Test
  void concurrentWritersAreSealedInCausalOrderIntoOneChain() throws Exception {
    long before = head();
    var template = new TransactionTemplate(transactions);
    var writing = new AtomicBoolean(true);
    List<Callable<Void>> writers = new ArrayList<>();
    for (int w = 0; w < 6; w++) {
      int writer = w;
      writers.add(() -> {
        // Each event is written after the writer's previous one committed: it must come later in the chain.
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
      var sealing = pool.submit(() -> {
        while (writing.get()) {
          sealer.sealPending();
        }
      });
      for (var done : pool.invokeAll(writers)) {
        done.get();
      }
      writing.set(false);
      sealing.get();
    } finally {
      pool.shutdown();
    }
    sealer.sealPending();

    var sealed = jdbc.queryForList("""
        select e.actor_user, e.payload, c.seq from optout.audit_event e join optout.audit_chain c on c.event_id = e.id
         where e.id > ? and e.event_type = 'TEST_EVENT' order by c.seq
        """, before);
    assertThat(sealed).hasSize(150);
    for (int w = 0; w < 6; w++) {
      String writer = "writer-" + w;
      assertThat(sealed.stream().filter(e -> writer.equals(e.get("actor_user"))).map(e -> (String) e.get("payload")))
          .as("%s's events in the chain's order", writer)
          .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 25).mapToObj(n -> "{\"n\":" + n + "}")
              .toList());
    }
    var verification = verifier.verify();
    assertThat(verification.intact()).isTrue();
    assertThat(verification.unsealedRows()).isZero();
    assertThat(verification.rows()).isEqualTo(chainHead());
  }

  @Test
  void anEventWhoseTransactionIsStillOpenIsSealedAfterItCommitsAndBeforeAnythingWrittenLater() throws Exception {
    sealer.sealPending();
    var template = new TransactionTemplate(transactions);
    var written = new CountDownLatch(1);
    var commit = new CountDownLatch(1);
    var pool = Executors.newSingleThreadExecutor();
    try {
      Future<Long> slow = pool.submit(() -> template.execute(status -> {
        trail.append("TEST_EVENT", "slow", null, null, null, Map.of());
        long id = jdbc.queryForObject("select max(id) from optout.audit_event", Long.class);
        written.countDown();
        await(commit);
        return id;
      }));
      await(written);
      template.executeWithoutResult(status -> trail.append("TEST_EVENT", "quick", null, null, null, Map.of()));
      long quick = head();

      assertThat(sealer.sealPending()).as("the open transaction's event is not there to seal").isEqualTo(1);
      commit.countDown();
      long slowId = slow.get();
      assertThat(slowId).isLessThan(quick);
      assertThat(placeOf(slowId)).isNull();

      sealer.sealPending();
      template.executeWithoutResult(status -> trail.append("TEST_EVENT", "later", null, null, null, Map.of()));
      sealer.sealPending();
      assertThat(placeOf(slowId)).isEqualTo(placeOf(quick) + 1);
      assertThat(placeOf(head())).isEqualTo(placeOf(slowId) + 1);
    } finally {
      commit.countDown();
      pool.shutdown();
    }
    assertThat(verifier.verify().intact()).isTrue();
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Events written one after the other, each in its own transaction: {"n":0}, {"n":1}, … */
  private void writeTestEvents(int count) {
    var template = new TransactionTemplate(transactions);
    for (int n = 0; n < count; n++) {
      int number = n;
      template.executeWithoutResult(status -> trail.append("TEST_EVENT", "writer", null, null, null,
          Map.of("n", number)));
    }
  }

  @Test
  void eventsNeverSealedStayVerifiedAndTheNextSealerSealsThem() {
    sealer.sealPending();
    long sealedBefore = chainHead();
    // The node crashes after these commit, before any sealer runs.
    writeTestEvents(3);
    long last = head();

    var waiting = verifier.verify();
    assertThat(waiting.intact()).isTrue();
    assertThat(waiting.rows()).isEqualTo(sealedBefore);
    assertThat(waiting.unsealedRows()).isEqualTo(3);
    assertThat(waiting.oldestUnsealedAgeSeconds()).isNotNull();

    assertThat(sealer.sealPending()).isEqualTo(3);
    assertThat(placeOf(last)).isEqualTo(sealedBefore + 3);
    var sealed = verifier.verify();
    assertThat(sealed.intact()).isTrue();
    assertThat(sealed.rows()).isEqualTo(sealedBefore + 3);
    assertThat(sealed.unsealedRows()).isZero();
  }

  @Test
  void aSealerThatFailsMidwaySealsNothing() {
    sealer.sealPending();
    long sealedBefore = chainHead();
    writeTestEvents(5);
    long third = head() - 2;
    // The database refuses the third place, after the sealer has written the first two.
    jdbc.execute("create function optout.refuse_for_test() returns trigger language plpgsql as"
        + " $$ begin raise exception 'disk full'; end $$");
    jdbc.execute("create trigger refuse_for_test before insert on optout.audit_chain for each row"
        + " when (new.event_id = " + third + ") execute function optout.refuse_for_test()");
    try {
      assertThatThrownBy(() -> sealer.sealPending()).hasStackTraceContaining("disk full");
      assertThat(chainHead()).isEqualTo(sealedBefore);
      assertThat(verifier.verify().unsealedRows()).isEqualTo(5);
    } finally {
      jdbc.execute("drop trigger refuse_for_test on optout.audit_chain");
      jdbc.execute("drop function optout.refuse_for_test()");
    }

    assertThat(sealer.sealPending()).isEqualTo(5);
    assertThat(placeOf(third)).isEqualTo(sealedBefore + 3);
    assertThat(verifier.verify().intact()).isTrue();
  }

  @Test
  void twoSealersAtOnceMakeOneChainWithoutForkOrGap() throws Exception {
    sealer.sealPending();
    long sealedBefore = chainHead();
    writeTestEvents(40);
    var together = new CyclicBarrier(2);
    Callable<Integer> sealing = () -> {
      together.await(30, TimeUnit.SECONDS);
      return sealer.sealPending();
    };
    var pool = Executors.newFixedThreadPool(2);
    List<Integer> sealed = new ArrayList<>();
    try {
      for (var done : pool.invokeAll(List.of(sealing, sealing))) {
        sealed.add(done.get());
      }
    } finally {
      pool.shutdown();
    }

    assertThat(sealed.stream().mapToInt(Integer::intValue).sum()).isEqualTo(40);
    assertThat(chainHead()).isEqualTo(sealedBefore + 40);
    assertThat(jdbc.queryForObject("select count(distinct event_id) from optout.audit_chain where seq > ?",
        Long.class, sealedBefore)).isEqualTo(40);
    var verification = verifier.verify();
    assertThat(verification.intact()).isTrue();
    assertThat(verification.unsealedRows()).isZero();
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
    assertThat(JsonPath.<List<Object>>read(declarations.getBody(), "$[*].id")).isNotEmpty();
    // This month's declaration, not sealed yet: there, with no place in the chain until the sealer has run.
    long declaration = jdbc.queryForObject("select max(id) from optout.audit_event where event_type = 'DECLARATION'",
        Long.class);
    String thisOne = "$[?(@.id == " + declaration + ")]";
    String exportedDeclarations = "/api/audit/events/export?format=json&hospital=hospital-a&type=DECLARATION";
    var unsealed = regulator.getForEntity(exportedDeclarations, String.class).getBody();
    assertThat(JsonPath.<List<Object>>read(unsealed, thisOne + ".eventType")).containsExactly("DECLARATION");
    assertThat(JsonPath.<List<Object>>read(unsealed, thisOne + ".seq")).isEmpty();
    sealer.sealPending();
    var sealed = regulator.getForEntity(exportedDeclarations, String.class).getBody();
    assertThat(JsonPath.<List<Object>>read(sealed, thisOne + ".seq")).containsExactly(placeOf(declaration).intValue());
    assertThat(JsonPath.<List<Object>>read(sealed, thisOne + ".hash")).hasSize(1);
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
        + " order by id desc limit 1", String.class);
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

    assertThat(jdbc.queryForList("select event_type from optout.audit_event where id > ?", String.class, before))
        .containsExactly("LOGIN_FAILED");
  }

  @Test
  void theSealerAndTheLagGaugeLookOnlyAboveTheWatermarkHoweverLongTheTrail() {
    String plan = new TransactionTemplate(transactions).execute(status -> {
      status.setRollbackOnly();
      // Given a long trail sealed below the watermark, and statistics that know it (all rolled back after).
      jdbc.update("""
          insert into optout.audit_event (occurred_at, actor_user, event_type, payload, content_sha256, written_by)
          select now(), 'earlier-operator', 'EARLIER', '{}', repeat('0', 64), g from generate_series(1, 100000) g
          """);
      jdbc.update("update optout.audit_seal_watermark set sealed_below = 100001");
      jdbc.execute("analyze optout.audit_event");
      // When the sealer's statement is planned with the watermark the sealer reads
      return String.join("\n", jdbc.queryForList("explain select * from optout.audit_event e where "
          + AuditSealer.UNSEALED + " order by id limit 500", String.class, sealer.watermark()));
    });

    // Then it reads the events above the watermark through the writer index, not the whole trail.
    assertThat(plan).contains("audit_event_by_writer").doesNotContain("Seq Scan on audit_event");
  }

}
