package io.optoutchain.party;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.optoutchain.support.ReportingTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A national directory: 40,000 more hospitals on the seed chain 'demo' (nttdata → ldi → J-MIMO), more
 * than the 32,767 bind parameters PostgreSQL's driver takes in one statement. Every question that
 * names many hospitals answers from our tables, with the right totals, a page at a time.
 */
class ManyHospitalsTest extends ReportingTest {

  private static final int MANY = 40_000;
  /** Hospitals A to C on 'demo', hospital D on 'two-producers' (to LDI and to J-MIMO). */
  private static final int SEED_HOSPITALS = 4;

  @Autowired PartyDirectory directory;

  @BeforeEach
  void fortyThousandHospitalsOnTheDemoChainWithTheirDecember() {
    // Directly into the party tables: no groups, no users (a hospital's groups are not what is measured).
    jdbc.update("""
        insert into optout.party (id, name_ja, created_at, updated_at)
        select 'mh-' || lpad(g::text, 6, '0'), '多数病院' || g, now(), now() from generate_series(1, ?) g
        """, MANY);
    jdbc.update("insert into optout.party_role (party_id, role) select id, 'HOSPITAL' from optout.party"
        + " where id like 'mh-%'");
    jdbc.update("insert into optout.hospital_chain (hospital_id, chain_id, assigned_at) select id, 'demo', now()"
        + " from optout.party where id like 'mh-%'");
    // Each one's December to J-MIMO is open; the last one's is reconciled.
    jdbc.update("""
        insert into optout.period_status (hospital_id, period, final_recipient, status, updated_at)
        select id, '2024-12', 'jmimo', case when id = 'mh-040000' then 'RECONCILED' else 'OPEN' end, now()
          from optout.party where id like 'mh-%'
        """);
    // What autovacuum does soon after a bulk load: the plans measured are the ones production gets.
    jdbc.execute("analyze optout.party, optout.party_role, optout.hospital_chain, optout.period_status");
  }

  @AfterEach
  void backToTheSeed() {
    jdbc.update("delete from optout.period_status where hospital_id like 'mh-%'");
    jdbc.update("delete from optout.hospital_chain where hospital_id like 'mh-%'");
    jdbc.update("delete from optout.party_role where party_id like 'mh-%'");
    jdbc.update("delete from optout.party where id like 'mh-%'");
  }

  private ResponseEntity<String> get(String user, String path) {
    ResponseEntity<String> response = rest.withBasicAuth(user, "demo").getForEntity(path, String.class);
    assertThat(response.getStatusCode()).as(path + ": " + response.getBody()).isEqualTo(HttpStatus.OK);
    return response;
  }

  private static Object read(ResponseEntity<String> response, String path) {
    return JsonPath.read(response.getBody(), path);
  }

  @Test
  void theDirectoryAnswersWhoReportsToARecipientAndWhomAPartyHandlesAPageAtATime() {
    var toJmimo = directory.hospitalsReportingTo("jmimo", 0, 5);
    assertThat(toJmimo.total()).isEqualTo(SEED_HOSPITALS + MANY);
    assertThat(toJmimo.hospitalIds()).containsExactly("hospital-a", "hospital-b", "hospital-c", "hospital-d",
        "mh-000001");
    // LDI is on the demo chain's route, but only hospital D's second route ends there.
    assertThat(directory.hospitalsReportingTo("ldi", 0, 10).hospitalIds()).containsExactly("hospital-d");

    var handledByLdi = directory.hospitalsInvolving("ldi", 4_000, 10);
    assertThat(handledByLdi.total()).isEqualTo(SEED_HOSPITALS + MANY);
    assertThat(handledByLdi.hospitalIds()).containsExactly("mh-039997", "mh-039998", "mh-039999", "mh-040000");
    assertThat(directory.hospitalsInvolving("hospital-b", 0, 10).hospitalIds()).containsExactly("hospital-b");
    assertThat(directory.hospitalsInvolving("datauser-1", 0, 10).total()).isZero();
    // The old questions still answer, one hospital at a time.
    assertThat(directory.involves("mh-000007", "nttdata")).isTrue();
    assertThat(directory.chainOf("mh-000007", "jmimo")).isPresent();
    assertThat(directory.isAssigned("mh-040000")).isTrue();
    assertThat(directory.isAssigned("jmimo")).isFalse();
  }

  @Test
  void theMatrixCountsEveryRowAndShowsAPageOfThem() {
    int rows = 3 + 2 + MANY; // hospitals A to C one route each, hospital D two

    var first = get("regulator", "/api/audit/matrix?from=2024-12&to=2025-01");
    assertThat(read(first, "$.total")).isEqualTo(rows);
    assertThat(read(first, "$.size")).isEqualTo(100);
    assertThat(read(first, "$.page")).isEqualTo(0);
    assertThat(read(first, "$.periods")).isEqualTo(List.of("2024-12", "2025-01"));
    assertThat(read(first, "$.hospitals.length()")).isEqualTo(100);
    assertThat(read(first, "$.hospitals[0]")).isEqualTo(Map.of("hospitalId", "hospital-a",
        "hospitalName", "Demo Hospital A / デモ病院A", "finalRecipient", "jmimo",
        "finalRecipientName", "J-MIMO / 日本医師会医療情報管理機構",
        "statuses", Map.of("2024-12", "NOT_STARTED", "2025-01", "NOT_STARTED")));

    var last = get("regulator", "/api/audit/matrix?from=2024-12&to=2025-01&page=40&size=1000");
    assertThat(read(last, "$.total")).isEqualTo(rows);
    assertThat(read(last, "$.hospitals[*].hospitalId")).isEqualTo(
        List.of("mh-039996", "mh-039997", "mh-039998", "mh-039999", "mh-040000"));
    assertThat(read(last, "$.hospitals[3].statuses")).isEqualTo(Map.of("2024-12", "OPEN", "2025-01", "NOT_STARTED"));
    assertThat(read(last, "$.hospitals[4].statuses"))
        .isEqualTo(Map.of("2024-12", "RECONCILED", "2025-01", "NOT_STARTED"));
    assertThat(read(last, "$.hospitals[4].hospitalName")).isEqualTo("多数病院40000");

    assertThat(rest.withBasicAuth("regulator", "demo")
        .getForEntity("/api/audit/matrix?size=1001", String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

    // The export streams every row: one line per row and month.
    String csv = get("regulator", "/api/audit/matrix/export?from=2024-12&to=2025-01&format=csv").getBody();
    assertThat(csv.split("\r\n")).hasSize(1 + rows * 2);
    assertThat(csv).contains("\"mh-040000\",\"多数病院40000\",\"jmimo\",\"J-MIMO / 日本医師会医療情報管理機構\",\"2024-12\",\"RECONCILED\"");
  }

  @Test
  void jmimosGateWithoutAHospitalListAsksForEveryOneOfItsHospitals() {
    var gate = get(JMIMO_OPERATOR, "/api/gate?recipient=jmimo&cutoff=2024-12-31");

    assertThat(read(gate, "$.decision")).isEqualTo("CLOSED");
    assertThat(read(gate, "$.hospitals")).isEqualTo(SEED_HOSPITALS + MANY);
    // Only mh-040000's December is reconciled.
    assertThat(((Number) read(gate, "$.blockingCount")).longValue()).isEqualTo(SEED_HOSPITALS + MANY - 1);
    assertThat(read(gate, "$.blocking.length()")).isEqualTo(1_000);
    assertThat(read(gate, "$.blocking[0]")).isEqualTo(
        Map.of("hospitalId", "hospital-a", "period", "2024-12", "status", "NOT_STARTED"));
    // LDI's gate asks for hospital D alone.
    assertThat(read(get(LDI_OPERATOR, "/api/gate?recipient=ldi&cutoff=2024-12-31"), "$.hospitals")).isEqualTo(1);
  }

  @Test
  void aMonthsStatusesArePagedForTheAdministratorAndForEachParty() {
    var all = get("demo", "/api/periods/2024-12/reports?page=39&size=1000");
    assertThat(read(all, "$.total")).isEqualTo(MANY);
    assertThat(read(all, "$.items.length()")).isEqualTo(1_000);
    assertThat(read(all, "$.items[999].hospitalId")).isEqualTo("mh-040000");
    assertThat(read(all, "$.items[999].status")).isEqualTo("RECONCILED");
    assertThat(read(get("demo", "/api/periods/2024-12/reports"), "$.items.length()")).isEqualTo(100);

    assertThat(read(get(KEEPER_OPERATOR, "/api/periods/2024-12/reports?size=1"), "$.total")).isEqualTo(MANY);
    assertThat(read(get(HOSPITAL_OPERATOR, "/api/periods/2024-12/reports"), "$.total")).isEqualTo(0);
    assertThat(rest.withBasicAuth("demo", "demo").getForEntity("/api/periods/2024-12/reports?size=1001",
        String.class).getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theHistoryFiltersByAPartyThatHandlesEveryHospital() {
    recordOptOut(HOSPITAL, patientKey("many"), LocalDate.of(2024, 12, 9));
    String december = start("2024-12").getId();

    // Every instance listed is one of hospital A's (earlier instances of its December share the business
    // key), and LDI handles hospital A: the party filter keeps them all, and hospital B's keeps none.
    var all = get("regulator", "/api/history/instances?kind=report&size=200");
    var byLdi = get("regulator", "/api/history/instances?kind=report&party=ldi&size=200");
    assertThat((List<Object>) read(all, "$.items[*].hospitalId")).containsOnly(HOSPITAL);
    assertThat(read(byLdi, "$.total")).isEqualTo(read(all, "$.total"));
    assertThat((List<Object>) read(byLdi, "$.items[*].processInstanceId")).contains(december);
    assertThat(read(get("regulator", "/api/history/instances?kind=report&party=hospital-b"), "$.total"))
        .isEqualTo(0);
    assertThat(read(get("regulator", "/api/history/instances?kind=report&party=datauser-1"), "$.total"))
        .isEqualTo(0);
  }
}
