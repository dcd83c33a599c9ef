package io.optoutchain.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.optoutchain.digest.Sha256;
import io.optoutchain.support.ReportingTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

class DatasetReleaseTest extends ReportingTest {

  private static final String JMIMO_COMPLIANCE = "jmimo-compliance";

  private ResponseEntity<String> upload(String requestId, String cutoff, String hospitals, String keys) {
    return uploadRelease(requestId, "datauser-1", cutoff, hospitals, keys);
  }

  private static String lines(String hospital, List<String> keys) {
    return keyLines(hospital, keys);
  }

  private void reconcileDecemberWith(String... optOutSeeds) {
    for (String seed : optOutSeeds) {
      recordOptOut(HOSPITAL, patientKey(seed), LocalDate.of(2024, 12, 9));
    }
    start("2024-12");
    if (optOutSeeds.length == 0) {
      declare("2024-12", 0, true);
    } else {
      declare("2024-12", optOutSeeds.length, false);
    }
    sendCompiledReport("2024-12");
    acknowledgeWhatWasSent(LDI_OPERATOR, "2024-12");
    acknowledgeWhatWasSent(JMIMO_OPERATOR, "2024-12");
    confirmAppliedAsTheLedgerHasIt("2024-12");
  }

  private Map<String, Object> release(ResponseEntity<String> registered) {
    long id = ((Number) JsonPath.read(registered.getBody(), "$.releaseId")).longValue();
    return JsonPath.read(rest.withBasicAuth(JMIMO_OPERATOR, "demo").getForEntity("/api/releases/" + id, String.class)
        .getBody(), "$");
  }

  @Test
  void theIncidentsReleaseIsRefusedByTheGate() {
    recordOptOut(HOSPITAL, patientKey("incident"), LocalDate.of(2024, 12, 9));
    start("2024-12");
    declare("2024-12", 1, false);
    sendOwnManifest("2024-12", List.of(), List.of());

    var registered = upload("r-1", "2024-12-31", HOSPITAL, lines(HOSPITAL, List.of(patientKey("x"))));

    assertThat(registered.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    Map<String, Object> release = release(registered);
    assertThat(release).containsEntry("status", "BLOCKED_BY_GATE");
    assertThat((String) release.get("blockedDetail")).contains("hospital-a 2024-12 DISCREPANCY");
  }

  @Test
  void releaseContainingAPatientWhoOptedOutIsBlockedWithTheCountAndWhereTheyCameFrom() {
    reconcileDecemberWith("opted-out");

    var registered = upload("r-1", "2024-12-31", HOSPITAL,
        lines(HOSPITAL, List.of(patientKey("opted-out"), patientKey("p1"), patientKey("p2"))));

    Map<String, Object> release = release(registered);
    assertThat(release).containsEntry("status", "BLOCKED_BY_OPT_OUTS").containsEntry("keyCount", 3);
    assertThat((String) release.get("blockedDetail")).startsWith("1 key(s)").contains("hospital-a 1");
  }

  @Test
  void cleanReleaseIsApprovedByComplianceAndRecordedWithItsKeysAndDigest() {
    reconcileDecemberWith("opted-out");
    List<String> keys = List.of(patientKey("p1"), patientKey("p2"), patientKey("p3"));

    var registered = upload("r-1", "2024-12-31", HOSPITAL, lines(HOSPITAL, keys));
    long id = ((Number) JsonPath.read(registered.getBody(), "$.releaseId")).longValue();
    assertThat(release(registered)).containsEntry("status", "AWAITING_APPROVAL");

    var byOperator = rest.withBasicAuth(JMIMO_OPERATOR, "demo").postForEntity("/api/releases/" + id + "/decision",
        Map.of("clientRequestId", "d-1", "approved", true, "reason", "checked"), String.class);
    assertThat(byOperator.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    var approved = approveRelease(id, "d-2");

    assertThat(approved.getStatusCode()).isEqualTo(HttpStatus.OK);
    Map<String, Object> release = release(registered);
    assertThat(release).containsEntry("status", "RELEASED").containsEntry("decidedBy", JMIMO_COMPLIANCE);
    String expectedDigest = Sha256.hex(keys.stream().sorted().map(k -> HOSPITAL + "," + k + "\n").collect(Collectors.joining()));
    assertThat(release).containsEntry("digest", expectedDigest);
    assertThat(jdbc.queryForObject("select count(*) from optout.release_key where release_id = ?", Integer.class, id))
        .isEqualTo(3);
  }

  @Test
  void badUploadsAreRefusedWithAClearErrorAndLeaveNothingBehind() {
    reconcileDecemberWith();
    String good = patientKey("p1");

    var malformed = upload("b-1", "2024-12-31", HOSPITAL, HOSPITAL + "," + good + "\n" + HOSPITAL + ",not-a-key\n");
    assertThat(malformed.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(malformed.getBody()).contains("line 2").contains("64 lowercase hex");
    var empty = upload("b-2", "2024-12-31", HOSPITAL, "");
    assertThat(empty.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(empty.getBody()).contains("no keys");
    var duplicates = upload("b-3", "2024-12-31", HOSPITAL, lines(HOSPITAL, List.of(good, good)));
    assertThat(duplicates.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(duplicates.getBody()).contains("twice");
    var wrongHospital = upload("b-4", "2024-12-31", HOSPITAL, lines("hospital-b", List.of(good)));
    assertThat(wrongHospital.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(wrongHospital.getBody()).contains("line 1").contains("hospital-b");
    var notItsHospital = upload("b-5", "2024-12-31", "hospital-a,hospital-x", lines(HOSPITAL, List.of(good)));
    assertThat(notItsHospital.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

    assertThat(jdbc.queryForObject("select count(*) from optout.data_release", Integer.class)).isZero();
    assertThat(jdbc.queryForObject("select count(*) from optout.release_key", Integer.class)).isZero();
    assertThat(runtimeService.createProcessInstanceQuery().processDefinitionKey("DatasetRelease").count()).isZero();
  }

}
