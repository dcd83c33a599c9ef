package io.optoutchain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.optoutchain.reporting.ReportingPeriod;
import io.optoutchain.reporting.Resolution;
import io.optoutchain.support.ReportingTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/**
 * Administrators and regulators read every monthly report, running or finished, and one instance's
 * whole story: Cockpit's free edition forgets an instance once it ends.
 */
class HistoryApiTest extends ReportingTest {

  /**
   * The engine's history outlives each test's clean-up, and every test reports the same months at
   * the same engine time: without this, earlier tests' instances would crowd a page of the list.
   */
  @BeforeEach
  void forgetFinishedInstancesOfEarlierTests() {
    forgetFinishedInstances();
  }


  private static final String DECEMBER = "2024-12";

  /** The incident's December: the keeper sends 0, corrects the report with a reason, and the month reconciles. */
  private String theIncidentReconciled() {
    recordOptOut(HOSPITAL, patientKey("incident"), LocalDate.of(2024, 12, 9));
    String id = start(DECEMBER).getId();
    declare(DECEMBER, 1, false);
    sendOwnManifest(DECEMBER, List.of(), List.of());
    resolve(KEEPER_OPERATOR, DECEMBER, Resolution.CORRECTED_REPORT, "sent January's file by mistake", null, null);
    acknowledgeWhatWasSent(LDI_OPERATOR, DECEMBER);
    acknowledgeWhatWasSent(JMIMO_OPERATOR, DECEMBER);
    confirmAppliedAsTheLedgerHasIt(DECEMBER);
    return id;
  }

  private ResponseEntity<String> get(String user, String path) {
    return (user == null ? rest : rest.withBasicAuth(user, "demo")).getForEntity(path, String.class);
  }

  private static <T> T read(ResponseEntity<String> response, String path) {
    return JsonPath.read(response.getBody(), path);
  }

  @Test
  void aReconciledMonthStaysListedWithItsWholeHistory() {
    String december = theIncidentReconciled();
    String running = starter.start("hospital-b", ReportingPeriod.parse(DECEMBER)).get(0).processInstanceId();

    var list = get("regulator", "/api/history/instances?kind=report&hospital=hospital-a&period=2024-12");
    assertThat(list.getStatusCode().value()).isEqualTo(200);
    List<Map<String, Object>> rows = read(list, "$.items");
    assertThat(rows).extracting(r -> r.get("hospitalId")).containsOnly(HOSPITAL);
    assertThat(rows).filteredOn(r -> december.equals(r.get("processInstanceId"))).singleElement().satisfies(r -> {
      assertThat(r).containsEntry("status", "RECONCILED").containsEntry("state", "COMPLETED")
          .containsEntry("period", DECEMBER).containsEntry("businessKey", "hospital-a:2024-12:jmimo");
      assertThat(r.get("endTime")).isNotNull();
      assertThat((List<String>) r.get("parties")).contains("hospital-a", "nttdata", "ldi", "jmimo");
    });
    assertThat(rows).extracting(r -> r.get("processInstanceId")).doesNotContain(running);

    var instance = get("demo", "/api/history/instances/" + december);
    assertThat(instance.getStatusCode().value()).isEqualTo(200);
    List<String> activities = read(instance, "$.activities[*].id");
    assertThat(activities).contains("Task_DeclareCount", "Task_ReconcileDiscrepancy", "EndEvent_PeriodReconciled");
    assertThat(activities.indexOf("Task_DeclareCount")).isLessThan(activities.indexOf("Task_ReconcileDiscrepancy"));
    List<Map<String, Object>> tasks = read(instance, "$.tasks");
    assertThat(tasks).filteredOn(t -> "Task_DeclareCount".equals(t.get("key"))).singleElement()
        .satisfies(t -> assertThat(t).containsEntry("completedBy", HOSPITAL_OPERATOR)
            .containsEntry("candidateGroups", List.of("hospital-a-operators")));
    assertThat(tasks).filteredOn(t -> "Task_ReconcileDiscrepancy".equals(t.get("key"))).singleElement()
        .satisfies(t -> assertThat(t).containsEntry("completedBy", KEEPER_OPERATOR));
    assertThat(tasks).filteredOn(t -> "Task_AcknowledgeHop".equals(t.get("key")))
        .extracting(t -> t.get("completedBy")).containsExactly(LDI_OPERATOR, JMIMO_OPERATOR);
    assertThat(tasks).allSatisfy(t -> assertThat(t.get("end")).isNotNull());

    // Overseers see every figure: the declaration, each version sent, each hop's count, the resolution and why.
    assertThat(read(instance, "$.figures.declarations[0].declared_count").toString()).isEqualTo("1");
    List<Integer> totals = read(instance, "$.figures.reports[*].total_count");
    assertThat(totals).contains(0, 1);
    List<Integer> acknowledged = read(instance, "$.figures.acknowledgements[*].acknowledged_count");
    assertThat(acknowledged).containsExactly(1, 1);
    List<Map<String, Object>> discrepancies = read(instance, "$.figures.discrepancies");
    assertThat(discrepancies).singleElement().satisfies(d -> assertThat(d)
        .containsEntry("kind", "REPORT_DIFFERS_FROM_LEDGER").containsEntry("expected", 1).containsEntry("actual", 0)
        .containsEntry("resolution", "CORRECTED_REPORT")
        .containsEntry("resolution_reason", "sent January's file by mistake")
        .containsEntry("resolved_by", KEEPER_OPERATOR));
  }

  @Test
  void filtersNarrowByHospitalMonthStatusStateAndParty() {
    String december = theIncidentReconciled();
    String hospitalB = starter.start("hospital-b", ReportingPeriod.parse(DECEMBER)).get(0).processInstanceId();

    List<Map<String, Object>> open = read(get("regulator", "/api/history/instances?status=OPEN"), "$.items");
    assertThat(open).extracting(r -> r.get("status")).containsOnly("OPEN");
    assertThat(open).extracting(r -> r.get("processInstanceId")).contains(hospitalB).doesNotContain(december);

    List<Map<String, Object>> reconciled =
        read(get("regulator", "/api/history/instances?status=RECONCILED&state=finished"), "$.items");
    assertThat(reconciled).extracting(r -> r.get("processInstanceId")).contains(december).doesNotContain(hospitalB);

    List<Map<String, Object>> running = read(get("demo", "/api/history/instances?state=running"), "$.items");
    assertThat(running).extracting(r -> r.get("processInstanceId")).contains(hospitalB).doesNotContain(december);

    List<Map<String, Object>> ofB = read(get("demo", "/api/history/instances?hospital=hospital-b"), "$.items");
    assertThat(ofB).extracting(r -> r.get("hospitalId")).containsOnly("hospital-b");

    assertThat((List<?>) read(get("demo", "/api/history/instances?period=2025-01"), "$.items")).isEmpty();
    assertThat((List<?>) read(get("demo", "/api/history/instances?party=datauser-1"), "$.items")).isEmpty();
    List<Map<String, Object>> ofLdi = read(get("demo", "/api/history/instances?party=ldi"), "$.items");
    assertThat(ofLdi).extracting(r -> r.get("processInstanceId")).contains(december, hospitalB);

    var firstPage = get("demo", "/api/history/instances?size=1");
    assertThat((List<?>) read(firstPage, "$.items")).hasSize(1);
    assertThat(((Number) read(firstPage, "$.total")).longValue()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void partiesAreRefusedAnonymousMustLogInAndBadInputIsRefused() {
    String december = theIncidentReconciled();

    for (String party : List.of(HOSPITAL_OPERATOR, KEEPER_OPERATOR, LDI_OPERATOR, JMIMO_OPERATOR, "jmimo-compliance")) {
      assertThat(get(party, "/api/history/instances").getStatusCode().value()).as(party).isEqualTo(403);
      assertThat(get(party, "/api/history/instances/" + december).getStatusCode().value()).as(party).isEqualTo(403);
      assertThat(get(party, "/api/history/parties").getStatusCode().value()).as(party).isEqualTo(403);
    }
    assertThat(get(null, "/api/history/instances").getStatusCode().value()).isEqualTo(401);
    assertThat(get(null, "/api/history/instances/" + december).getStatusCode().value()).isEqualTo(401);

    for (String bad : List.of("kind=ledger", "period=2024-13", "period=December", "status=LOST",
        "status=RELEASED", "state=gone", "size=201", "size=0", "page=-1", "hospital=" + "h".repeat(65),
        "party=a%20b")) {
      var refused = get("regulator", "/api/history/instances?" + bad);
      assertThat(refused.getStatusCode().value()).as(bad).isEqualTo(400);
      assertThat(refused.getBody()).as(bad).contains(" / ");
    }
    assertThat(get("regulator", "/api/history/instances/" + "x".repeat(65)).getStatusCode().value()).isEqualTo(400);
    assertThat(get("regulator", "/api/history/instances/no-such-instance").getStatusCode().value()).isEqualTo(404);
  }

  @Test
  void theHistoryPageNamesPartiesFromTheDirectory() {
    var parties = get("regulator", "/api/history/parties?id=hospital-a&id=ldi&id=no-such-party");

    assertThat(parties.getStatusCode().value()).isEqualTo(200);
    List<String> ids = read(parties, "$[*].id");
    assertThat(ids).containsExactly("hospital-a", "ldi");
    List<String> names = read(parties, "$[?(@.id == 'hospital-a')].name");
    assertThat(names).containsExactly("Demo Hospital A / デモ病院A");
  }

  @Test
  void aSearchOffersOnlyTheMatchingPartiesAndAtMostTheLimit() {
    var hospitals = get("demo", "/api/history/parties?q=demo&role=HOSPITAL");
    assertThat((List<String>) read(hospitals, "$[*].id")).contains("hospital-a", "hospital-b", "hospital-c")
        .doesNotContain("datauser-1", "ldi");
    assertThat((List<List<String>>) read(hospitals, "$[*].roles")).allSatisfy(r -> assertThat(r).contains("HOSPITAL"));

    List<String> byJapaneseName = read(get("regulator", "/api/history/parties?q=デモ病院B"), "$[*].id");
    assertThat(byJapaneseName).containsExactly("hospital-b");

    var anyCase = get("regulator", "/api/history/parties?q=DEMO");
    assertThat((List<String>) read(anyCase, "$[*].id")).contains("datauser-1", "hospital-a")
        .doesNotContain("ldi", "jmimo");
    assertThat((List<String>) read(anyCase, "$[*].name")).allSatisfy(name -> assertThat(name).containsIgnoringCase("demo"));

    List<String> firstTwo = read(get("regulator", "/api/history/parties?q=demo&limit=2"), "$[*].id");
    assertThat(firstTwo).hasSize(2).isSorted();

    List<String> producers = read(get("regulator", "/api/history/parties?role=CERTIFIED_PRODUCER"), "$[*].id");
    assertThat(producers).contains("jmimo", "ldi").doesNotContain("hospital-a", "nttdata");
  }

  @Test
  void aSearchOrLookupBeyondItsBoundsIsRefused() {
    String tooMany = IntStream.rangeClosed(0, 200).mapToObj(i -> "id=party-" + i).collect(Collectors.joining("&"));
    for (String bad : List.of(tooMany, "limit=0", "limit=51", "role=MAYOR")) {
      var refused = get("regulator", "/api/history/parties?" + bad);
      assertThat(refused.getStatusCode().value()).as(bad.substring(0, Math.min(bad.length(), 20))).isEqualTo(400);
      assertThat(refused.getBody()).contains(" / ");
    }
    List<String> twoHundred = read(get("regulator", "/api/history/parties?" + tooMany.substring(0,
        tooMany.lastIndexOf('&'))), "$[*].id");
    assertThat(twoHundred).isEmpty();
  }
}
