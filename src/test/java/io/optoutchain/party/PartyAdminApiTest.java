package io.optoutchain.party;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optoutchain.reporting.ReportingPeriod;
import io.optoutchain.reporting.process.PeriodStart;
import io.optoutchain.support.ReportingTest;
import io.optoutchain.support.WebappSession;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The administrator adds and changes parties and chains over /api/admin; the next month follows at once. */
class PartyAdminApiTest extends ReportingTest {

  private static final String ADMIN = "demo";

  @Autowired ObjectMapper json;
  @Autowired PartyDirectory directory;
  @Autowired PeriodStart periodStart;

  @AfterEach
  void backToTheSeed() {
    SeedOnly.restore(jdbc, identityService, authorizationService);
  }

  private ResponseEntity<String> call(String user, HttpMethod method, String path, Map<String, ?> body) {
    var client = user == null ? rest : rest.withBasicAuth(user, "demo");
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.APPLICATION_JSON);
    return client.exchange(path, method, body == null ? new HttpEntity<>(headers) : new HttpEntity<>(body, headers),
        String.class);
  }

  private JsonNode read(ResponseEntity<String> response) throws Exception {
    return json.readTree(response.getBody());
  }

  private static Map<String, Object> body(Object... keysAndValues) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      body.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return body;
  }

  private ResponseEntity<String> createNorthChain() {
    return call(ADMIN, HttpMethod.POST, "/api/admin/chains", body("clientRequestId", "chain-north", "id", "north",
        "name", "北の経路 / North chain", "intake", List.of("nttdata"), "reports", List.of(List.of("nttdata", "jmimo"))));
  }

  @Test
  void aHospitalAddedThroughTheApiIsReportedOnTheNextPeriodWithoutARestart() throws Exception {
    long before = lastAuditId();

    // given a new chain, a new hospital and its assignment, all over the API
    assertThat(createNorthChain().getStatusCode()).isEqualTo(HttpStatus.CREATED);
    var created = call(ADMIN, HttpMethod.POST, "/api/admin/parties", body("clientRequestId", "party-north",
        "id", "hospital-n", "nameJa", "北病院", "nameEn", "North Hospital", "roles", List.of("HOSPITAL")));
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
    assertThat(read(created).get("name").asText()).isEqualTo("North Hospital / 北病院");
    var assigned = call(ADMIN, HttpMethod.PUT, "/api/admin/hospitals/hospital-n/chain", body("chainId", "north"));
    assertThat(assigned.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(read(assigned).get("chainId").asText()).isEqualTo("north");

    // when the next period starts for every hospital, as the closer starts it
    var started = call(ADMIN, HttpMethod.POST, "/api/periods/2024-12/reports", body("clientRequestId", "start-dec"));
    periodStart.drive(ReportingPeriod.parse("2024-12"));

    // then the new hospital's month runs along its own chain, waiting for its own operators
    assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(jdbc.queryForList("select hospital_id from optout.period_status where period = '2024-12'", String.class))
        .contains("hospital-a", "hospital-n");
    var instance = runtimeService.createProcessInstanceQuery().processInstanceBusinessKey("hospital-n:2024-12:jmimo")
        .singleResult();
    assertThat(instance).isNotNull();
    assertThat(directory.chainsOf("hospital-n")).singleElement()
        .satisfies(chain -> assertThat(chain.report()).containsExactly("nttdata", "jmimo"));
    identityService.saveUser(identityService.newUser("hospital-n-operator"));
    identityService.createMembership("hospital-n-operator", "hospital-n-operators");
    List<Task> visible = as("hospital-n-operator", () -> taskService.createTaskQuery().list());
    assertThat(visible).extracting(Task::getTaskDefinitionKey).containsExactly("Task_DeclareCount");
    assertThat(visible.get(0).getProcessInstanceId()).isEqualTo(instance.getId());
    assertThat(authorizationService.isUserAuthorized("hospital-n-operator", List.of("hospital-n-operators"),
        Permissions.ACCESS, Resources.APPLICATION, "tasklist")).isTrue();

    // and every change is in the audit trail, by the administrator
    assertThat(jdbc.queryForList("select event_type || ' ' || actor_user from optout.audit_event where id > ?"
        + " and event_type in ('CHAIN_SAVED', 'PARTY_CREATED', 'HOSPITAL_CHAIN_ASSIGNED') order by id", String.class,
        before)).containsExactly("CHAIN_SAVED demo", "PARTY_CREATED demo", "HOSPITAL_CHAIN_ASSIGNED demo");
    assertThat(auditPayloads("PARTY_CREATED", before)).singleElement().asString()
        .contains("\"partyId\":\"hospital-n\"").contains("\"roles\":[\"HOSPITAL\"]").doesNotContain("北病院");
  }

  @Test
  void aNewPartyGetsTheGroupsAndGrantsEveryPartyHas() throws Exception {
    var created = call(ADMIN, HttpMethod.POST, "/api/admin/parties", body("clientRequestId", "party-p",
        "id", "producer-p", "nameJa", "認定事業者P", "roles", List.of("CERTIFIED_PRODUCER")));
    assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);

    assertThat(identityService.createGroupQuery().groupIdIn("producer-p-operators", "producer-p-supervisors",
        "producer-p-compliance").list()).extracting(g -> g.getName()).containsExactlyInAnyOrder(
        "認定事業者P operators / 担当者", "認定事業者P supervisors / 監督者", "認定事業者P compliance / コンプライアンス責任者");
    // The rows are written in bulk, not through IdentityService: they must be what the engine's own
    // services write for a new group (its members read it) and the grants every party's group has.
    var probe = identityService.newGroup("probe-p-supervisors");
    probe.setName("probe");
    probe.setType("WORKFLOW");
    identityService.saveGroup(probe);
    grant("probe-p-supervisors", Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grant("probe-p-supervisors", Resources.PROCESS_DEFINITION, "MonthlyOptOutReport", Permissions.READ);
    grant("probe-p-supervisors", Resources.PROCESS_DEFINITION, "OptOutIntake", Permissions.READ);
    try {
      assertThat(grantsOf("producer-p-supervisors", "producer-p")).hasSize(4)
          .isEqualTo(grantsOf("probe-p-supervisors", "probe-p"))
          .isEqualTo(grantsOf("ldi-supervisors", "ldi"));
      assertThat(identityService.createGroupQuery().groupId("producer-p-supervisors").singleResult().getType())
          .isEqualTo(probe.getType());
    } finally {
      authorizationService.createAuthorizationQuery().groupIdIn("probe-p-supervisors").list()
          .forEach(a -> authorizationService.deleteAuthorization(a.getId()));
      authorizationService.createAuthorizationQuery().resourceType(Resources.GROUP).resourceId("probe-p-supervisors")
          .list().forEach(a -> authorizationService.deleteAuthorization(a.getId()));
      identityService.deleteGroup("probe-p-supervisors");
    }

    var detail = read(call(ADMIN, HttpMethod.GET, "/api/admin/parties/producer-p", null));
    assertThat(detail.get("groups").findValuesAsText("id")).containsExactlyInAnyOrder("producer-p-operators",
        "producer-p-supervisors", "producer-p-compliance");
  }

  private void grant(String group, org.camunda.bpm.engine.authorization.Resource resource, String resourceId,
      org.camunda.bpm.engine.authorization.Permission permission) {
    var authorization = authorizationService.createNewAuthorization(
        org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT);
    authorization.setGroupId(group);
    authorization.setResource(resource);
    authorization.setResourceId(resourceId);
    authorization.addPermission(permission);
    authorizationService.saveAuthorization(authorization);
  }

  private List<String> grantsOf(String group, String party) {
    return authorizationService.createAuthorizationQuery().groupIdIn(group).list().stream()
        .map(a -> a.getAuthorizationType() + " " + a.getResourceType() + " " + a.getResourceId().replace(party, "P")
            + " " + Arrays.toString(a.getPermissions(Permissions.values())))
        .sorted().toList();
  }

  @Test
  void renamingAPartyRenamesItsGroupsAndRecordsWhatChanged() throws Exception {
    call(ADMIN, HttpMethod.POST, "/api/admin/parties", body("clientRequestId", "party-r", "id", "contractor-r",
        "nameJa", "委託先R", "roles", List.of("CONTRACTOR")));
    long before = lastAuditId();

    var changed = call(ADMIN, HttpMethod.PUT, "/api/admin/parties/contractor-r", body("nameJa", "委託先R",
        "nameEn", "Contractor R", "roles", List.of("CONTRACTOR"), "contactEmail", "r@example.jp"));

    assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(identityService.createGroupQuery().groupId("contractor-r-operators").singleResult().getName())
        .isEqualTo("Contractor R / 委託先R operators / 担当者");
    assertThat(auditPayloads("PARTY_UPDATED", before)).singleElement().asString()
        .contains("\"changed\":[\"nameEn\",\"contactEmail\"]").doesNotContain("r@example.jp");
    // The same again changes nothing and records nothing.
    call(ADMIN, HttpMethod.PUT, "/api/admin/parties/contractor-r", body("nameJa", "委託先R", "nameEn", "Contractor R",
        "roles", List.of("CONTRACTOR"), "contactEmail", "r@example.jp"));
    assertThat(auditPayloads("PARTY_UPDATED", before)).hasSize(1);
  }

  @Test
  void onlyTheAdministratorManagesPartiesAndNothingIsWrittenForAnyoneElse() {
    long before = lastAuditId();
    Map<String, Object> party = body("clientRequestId", "party-x", "id", "hospital-x", "nameJa", "X病院",
        "roles", List.of("HOSPITAL"));

    assertThat(call(null, HttpMethod.GET, "/api/admin/parties", null).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(call(null, HttpMethod.POST, "/api/admin/parties", party).getStatusCode())
        .isEqualTo(HttpStatus.UNAUTHORIZED);
    for (String user : List.of("nttdata-operator", "jmimo-compliance", "hospital-a-operator", "regulator")) {
      assertThat(call(user, HttpMethod.GET, "/api/admin/parties", null).getStatusCode()).as(user)
          .isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(call(user, HttpMethod.POST, "/api/admin/parties", party).getStatusCode()).as(user)
          .isEqualTo(HttpStatus.FORBIDDEN);
      assertThat(call(user, HttpMethod.PUT, "/api/admin/hospitals/hospital-a/chain", body("chainId", "demo"))
          .getStatusCode()).as(user).isEqualTo(HttpStatus.FORBIDDEN);
    }
    assertThat(directory.party("hospital-x")).isEmpty();
    assertThat(identityService.createGroupQuery().groupId("hospital-x-operators").count()).isZero();
    assertThat(lastAuditId()).isEqualTo(before);
    assertThat(call(ADMIN, HttpMethod.GET, "/api/admin/parties?role=HOSPITAL", null).getStatusCode())
        .isEqualTo(HttpStatus.OK);
  }

  @Test
  void theAdministratorsPageWorksWithTheWebappsSessionAndOnlyWithItsHeader() throws Exception {
    var admin = WebappSession.login(rest, ADMIN, "demo", "welcome");
    HttpHeaders fromThePage = new HttpHeaders();
    fromThePage.set("X-Requested-By", "optout-chain");
    Map<String, Object> party = body("clientRequestId", "page-1", "id", "datauser-9", "nameJa", "研究機関9",
        "roles", List.of("DATA_USER"));

    var page = admin.get("/admin/parties.html");
    assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(page.getBody()).contains("組織と経路 / Parties and chains");
    assertThat(admin.get("/api/admin/parties").getStatusCode()).isEqualTo(HttpStatus.OK);
    // A cookie alone changes nothing: another site's page could send it, but never the header.
    assertThat(admin.post("/api/admin/parties", party).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(admin.post("/api/admin/parties", party, fromThePage).getStatusCode()).isEqualTo(HttpStatus.CREATED);
    var regulator = WebappSession.login(rest, "regulator", "demo", "welcome");
    assertThat(regulator.post("/api/admin/parties", body("clientRequestId", "page-2", "id", "datauser-8",
        "nameJa", "研究機関8", "roles", List.of("DATA_USER")), fromThePage).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    // Without a session the page sends a person to the webapps' login.
    assertThat(rest.getForEntity("/admin/parties.html", String.class).getBody())
        .doesNotContain("Parties and chains").contains("camunda");
    assertThat(directory.party("datauser-9")).isPresent();
    assertThat(directory.party("datauser-8")).isEmpty();
  }

  @Test
  void partiesArePagedAndFiltered() throws Exception {
    var hospitals = read(call(ADMIN, HttpMethod.GET, "/api/admin/parties?role=HOSPITAL&size=2", null));
    assertThat(hospitals.get("total").asLong()).isEqualTo(4);
    assertThat(hospitals.get("items").findValuesAsText("id")).containsExactly("hospital-a", "hospital-b");
    var next = read(call(ADMIN, HttpMethod.GET, "/api/admin/parties?role=HOSPITAL&size=2&page=1", null));
    assertThat(next.get("items").findValuesAsText("id")).containsExactly("hospital-c", "hospital-d");
    var byName = read(call(ADMIN, HttpMethod.GET, "/api/admin/parties?q=NTT", null));
    assertThat(byName.get("items").findValuesAsText("id")).containsExactly("nttdata");
    var onDemo = read(call(ADMIN, HttpMethod.GET, "/api/admin/parties?chain=demo", null));
    assertThat(onDemo.get("total").asLong()).isEqualTo(3);
    var chains = read(call(ADMIN, HttpMethod.GET, "/api/admin/chains", null));
    assertThat(chains.findValuesAsText("id")).containsExactly("demo", "two-producers");
    assertThat(chains.get(0).get("hospitals").asLong()).isEqualTo(3);
    var detail = read(call(ADMIN, HttpMethod.GET, "/api/admin/parties/hospital-a", null));
    assertThat(detail.get("reportRoutes").get(0).get("finalRecipient").asText()).isEqualTo("jmimo");
  }

  @Test
  void aChainThatBreaksTheRulesIsRefusedAndNothingIsWritten() throws Exception {
    long before = lastAuditId();

    var toADataUser = call(ADMIN, HttpMethod.POST, "/api/admin/chains", body("clientRequestId", "chain-bad",
        "id", "bad", "name", "Bad", "intake", List.of("ldi", "nttdata"), "reports", List.of(List.of("nttdata", "jmimo"),
            List.of("nttdata", "ldi", "datauser-1"))));
    var notFromTheKeeper = call(ADMIN, HttpMethod.POST, "/api/admin/chains", body("clientRequestId", "chain-bad-2",
        "id", "bad", "name", "Bad", "intake", List.of("ldi", "nttdata"), "reports", List.of(List.of("ldi", "jmimo"))));

    assertThat(toADataUser.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(read(toADataUser).get("message").asText()).contains("CERTIFIED_PRODUCER").contains("認定作成事業者");
    assertThat(read(toADataUser).get("field").asText()).isEqualTo("reports[1]");
    assertThat(notFromTheKeeper.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(read(notFromTheKeeper).get("message").asText()).contains("ledger keeper nttdata");
    assertThat(jdbc.queryForObject("select count(*) from optout.chain where id = 'bad'", Integer.class)).isZero();
    assertThat(lastAuditId()).isEqualTo(before);
  }

  @Test
  void aRoleThatAPlaceOnAChainNeedsCannotBeTakenAway() throws Exception {
    var producer = call(ADMIN, HttpMethod.PUT, "/api/admin/parties/jmimo", body("nameJa", "日本医師会医療情報管理機構",
        "nameEn", "J-MIMO", "roles", List.of("DATA_USER")));
    var hospital = call(ADMIN, HttpMethod.PUT, "/api/admin/parties/hospital-a", body("nameJa", "デモ病院A",
        "roles", List.of("CONTRACTOR")));

    assertThat(producer.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(read(producer).get("message").asText()).contains("final recipient of chain demo");
    assertThat(hospital.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
    assertThat(directory.party("jmimo").orElseThrow().roles()).containsExactly(PartyRole.CERTIFIED_PRODUCER);
  }

  @Test
  void aChainChangedThroughTheApiIsTheRouteOfTheNextMonth() throws Exception {
    createNorthChain();
    call(ADMIN, HttpMethod.PUT, "/api/admin/hospitals/hospital-b/chain", body("chainId", "north"));

    var changed = call(ADMIN, HttpMethod.PUT, "/api/admin/chains/north", body("name", "北の経路 / North chain",
        "intake", List.of("ldi", "nttdata"), "reports", List.of(List.of("nttdata", "ldi", "jmimo"),
            List.of("nttdata", "ldi"))));

    assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(directory.chainsOf("hospital-b")).extracting(ReportChain::finalRecipient).containsExactly("jmimo", "ldi");
    assertThat(directory.intakeOf("hospital-b")).containsExactly("ldi", "nttdata");
    assertThat(auditPayloads("CHAIN_SAVED", 0)).last().asString().contains("\"chainId\":\"north\"")
        .contains("\"hospitals\":1");
  }

  @Test
  void anEscalationIsAlsoMailedToTheEscalatedPartysContactAddress() throws Exception {
    assertThat(call(ADMIN, HttpMethod.PUT, "/api/admin/parties/nttdata", body("nameJa", "NTTデータ", "nameEn",
        "NTT Data", "roles", List.of("CONTRACTOR"), "contactEmail", "escalations@nttdata.example.jp")).getStatusCode())
        .isEqualTo(HttpStatus.OK);
    recordOptOut(HOSPITAL, patientKey("contact"), LocalDate.of(2024, 12, 9));
    var report = start("2024-12");
    declare("2024-12", 1, false);
    sendOwnManifest("2024-12", List.of(), List.of());

    moveClockTo(timerDue(report.getId(), "Timer_EscalateToSupervisors").plusSeconds(1));
    mailOutbox.sendDue();

    // One mail to both: GreenMail keeps a copy per recipient.
    MimeMessage[] copies = SMTP.getReceivedMessages();
    assertThat(copies).hasSize(2);
    assertThat(to(copies[0])).containsExactly("nttdata-supervisor@demo.invalid", "escalations@nttdata.example.jp");
  }

  private static List<String> to(MimeMessage message) {
    try {
      return Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
