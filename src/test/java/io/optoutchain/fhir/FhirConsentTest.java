package io.optoutchain.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import io.optoutchain.support.ReportingTest;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A hospital system registers opt-outs as FHIR R4 Consents and reads its ledger back as a Bundle. */
class FhirConsentTest extends ReportingTest {

  private static final FhirContext R4 = FhirContext.forR4Cached();
  private final String key = patientKey("fhir");

  @Test
  void theLedgerKeepersConsentIsRecordedInTheLedgerOnceAndReadBack() {
    // The audit trail is never emptied between tests: count only what this test appends.
    long before = jdbc.queryForObject("select coalesce(max(id), 0) from optout.audit_event", Long.class);
    var first = post(KEEPER_OPERATOR, json(ofHospitalA(consent(key, "2024-12-09"))));
    var again = post(KEEPER_OPERATOR, json(ofHospitalA(consent(key, "2024-12-09"))));

    assertThat(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(first.getHeaders().getContentType().toString()).startsWith("application/fhir+json");
    Consent recorded = R4.newJsonParser().parseResource(Consent.class, first.getBody());
    assertThat(first.getHeaders().getLocation()).hasToString("/fhir/Consent/" + recorded.getIdElement().getIdPart());
    assertThat(recorded.getPatient().getIdentifier().getValue()).isEqualTo(key);
    assertThat(recorded.getDateTimeElement().getValueAsString()).isEqualTo("2024-12-09");
    assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(jdbc.queryForList("select received_on::text || ' ' || kind || ' ' || recorded_by from optout.ledger_entry",
        String.class)).containsExactly("2024-12-09 STOP_PROVISION nttdata-operator");
    assertThat(jdbc.queryForObject("select count(*) from optout.audit_event where event_type = 'LEDGER_ENTRY'"
        + " and id > ? and payload like ?", Integer.class, before, "%" + key + "%")).isEqualTo(1);

    var read = rest.withBasicAuth(HOSPITAL_OPERATOR, "demo").getForEntity(first.getHeaders().getLocation(), String.class);
    assertThat(R4.newJsonParser().parseResource(Consent.class, read.getBody()).getPatient().getIdentifier().getValue())
        .isEqualTo(key);
  }

  @Test
  void aHospitalsConsentEntersTheIntakeAndIsAConsentOnceTheLedgerKeeperHasConfirmedIt() {
    var accepted = post(HOSPITAL_OPERATOR, json(consent(key, "2024-12-09")));

    assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    OperationOutcome outcome = R4.newJsonParser().parseResource(OperationOutcome.class, accepted.getBody());
    assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.INFORMATION);
    assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains(" / ");
    String intake = accepted.getHeaders().getFirst("Content-Location");
    assertThat(intake).startsWith("/api/intake/");
    assertThat(jdbc.queryForObject("select count(*) from optout.ledger_entry", Integer.class)).isZero();
    assertThat(post(HOSPITAL_OPERATOR, json(consent(key, "2024-12-09"))).getHeaders().getFirst("Content-Location"))
        .as("sent again, the same request in intake").isEqualTo(intake);

    for (String hop : List.of(LDI_OPERATOR, KEEPER_OPERATOR)) {
      assertThat(rest.withBasicAuth(hop, "demo").postForEntity(intake + "/confirmation", java.util.Map.of(
          "clientRequestId", "fhir-" + hop, "keyPrefix", key.substring(0, 8), "receivedOn", "2024-12-09"),
          String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    var recorded = post(HOSPITAL_OPERATOR, json(consent(key, "2024-12-09")));
    assertThat(recorded.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(R4.newJsonParser().parseResource(Consent.class, recorded.getBody()).getDateTimeElement()
        .getValueAsString()).isEqualTo("2024-12-09");
    Bundle ledger = R4.newJsonParser().parseResource(Bundle.class,
        rest.withBasicAuth(HOSPITAL_OPERATOR, "demo").getForEntity("/fhir/Consent", String.class).getBody());
    assertThat(ledger.getTotal()).isEqualTo(1);
  }

  @Test
  void aDeletionAndATimeInAnotherZoneAreRecordedAsTheyMeanInJapan() {
    Consent deletion = consent(key, null);
    // 16:00 UTC on the 9th is 01:00 on the 10th in Tokyo: the hospital received it on the 10th.
    deletion.setDateTimeElement(new DateTimeType("2024-12-09T16:00:00Z"));
    deletion.getProvision().addAction(new CodeableConcept(new Coding(ConsentMapping.KIND_SYSTEM, "DELETE", null)));

    assertThat(post(KEEPER_OPERATOR, json(ofHospitalA(deletion))).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(jdbc.queryForObject("select received_on::text || ' ' || kind from optout.ledger_entry", String.class))
        .isEqualTo("2024-12-10 DELETE");
  }

  @Test
  void anInvalidResourceIsAnOperationOutcomeNamingWhatIsWrongAndNothingIsRecorded() {
    Consent draft = consent(key, "2024-12-09").setStatus(Consent.ConsentState.DRAFT);
    Consent permit = consent(key, "2024-12-09");
    permit.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
    Consent badKey = consent("not-a-key", "2024-12-09");
    Consent noDay = consent(key, null);
    noDay.setDateTimeElement(new DateTimeType("2024-12"));

    assertRefused(post(HOSPITAL_OPERATOR, json(draft)), 400, "Consent.status");
    assertRefused(post(HOSPITAL_OPERATOR, json(permit)), 400, "Consent.provision.type");
    assertRefused(post(HOSPITAL_OPERATOR, json(badKey)), 400, "patientKey");
    assertRefused(post(HOSPITAL_OPERATOR, json(noDay)), 400, "Consent.dateTime");
    assertRefused(post(HOSPITAL_OPERATOR, "{\"resourceType\":\"Patient\"}"), 400, "Consent");
    assertRefused(post(HOSPITAL_OPERATOR, "{not json"), 400, "Consent");
    assertRefused(post(HOSPITAL_OPERATOR, json(consent(key, "2099-01-01"))), 400, "receivedOn");
    assertThat(jdbc.queryForObject("select count(*) from optout.ledger_entry", Integer.class)).isZero();
    assertThat(jdbc.queryForObject("select count(*) from optout.intake_request", Integer.class)).isZero();
  }

  @Test
  void aHospitalRecordsAndReadsOnlyItsOwnLedger() {
    Consent forA = consent(key, "2024-12-09");
    forA.addOrganization(new Reference().setIdentifier(new Identifier().setSystem(ConsentMapping.PARTY_SYSTEM)
        .setValue("hospital-a")));
    assertRefused(post("hospital-b-operator", json(forA)), 403, null);
    assertThat(post(HOSPITAL_OPERATOR, json(forA)).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);

    var others = rest.withBasicAuth("hospital-b-operator", "demo")
        .getForEntity(java.net.URI.create(rest.getRootUri() + "/fhir/Consent?organization=urn%3Aoptoutchain%3Aparty%7Chospital-a"),
            String.class);
    assertRefused(others, 403, null);
    assertThat(rest.getForEntity("/fhir/Consent", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void theLedgerReadsBackAsASearchsetBundleAPageAtATime() {
    for (String seed : List.of("one", "two", "three")) {
      post(KEEPER_OPERATOR, json(ofHospitalA(consent(patientKey(seed), "2024-12-0" + (seed.length())))));
    }
    var firstPage = rest.withBasicAuth(HOSPITAL_OPERATOR, "demo").getForEntity("/fhir/Consent?_count=2", String.class);

    Bundle bundle = R4.newJsonParser().parseResource(Bundle.class, firstPage.getBody());
    assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.SEARCHSET);
    assertThat(bundle.getTotal()).isEqualTo(3);
    assertThat(bundle.getEntry()).hasSize(2);
    assertThat(bundle.getLink("next").getUrl()).endsWith("_offset=2");
    // Followed as it stands, as a FHIR client follows a link (no template expansion, no re-encoding).
    var lastPage = rest.withBasicAuth(HOSPITAL_OPERATOR, "demo").getForEntity(
        java.net.URI.create(rest.getRootUri() + bundle.getLink("next").getUrl()), String.class);
    Bundle last = R4.newJsonParser().parseResource(Bundle.class, lastPage.getBody());
    assertThat(last.getEntry()).singleElement().satisfies(entry -> assertThat(((Consent) entry.getResource())
        .getPatient().getIdentifier().getValue()).isEqualTo(patientKey("three")));
    assertThat(last.getLink("next")).isNull();
  }

  private static Consent consent(String patientKey, String receivedOn) {
    Consent consent = new Consent().setStatus(Consent.ConsentState.ACTIVE);
    consent.setPatient(new Reference().setIdentifier(new Identifier().setSystem(ConsentMapping.PATIENT_KEY_SYSTEM)
        .setValue(patientKey)));
    if (receivedOn != null) {
      consent.setDateTimeElement(new DateTimeType(receivedOn));
    }
    consent.setProvision(new Consent.ProvisionComponent().setType(Consent.ConsentProvisionType.DENY));
    return consent;
  }

  /** The ledger keeper names the hospital whose ledger it records in (a hospital's own is the default). */
  private static Consent ofHospitalA(Consent consent) {
    return consent.addOrganization(new Reference().setIdentifier(new Identifier()
        .setSystem(ConsentMapping.PARTY_SYSTEM).setValue("hospital-a")));
  }

  private static String json(Consent consent) {
    return R4.newJsonParser().encodeResourceToString(consent);
  }

  private ResponseEntity<String> post(String user, String body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType("application/fhir+json"));
    return rest.withBasicAuth(user, "demo").postForEntity("/fhir/Consent", new HttpEntity<>(body, headers),
        String.class);
  }

  private static void assertRefused(ResponseEntity<String> response, int status, String expression) {
    assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
    OperationOutcome outcome = R4.newJsonParser().parseResource(OperationOutcome.class, response.getBody());
    assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
    assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains(" / ");
    if (expression != null) {
      assertThat(outcome.getIssueFirstRep().getExpression()).extracting(Object::toString).containsExactly(expression);
    }
  }
}
