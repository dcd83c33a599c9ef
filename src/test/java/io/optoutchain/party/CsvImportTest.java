package io.optoutchain.party;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.optoutchain.support.ReportingTest;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** A file of facilities imports all its lines or none; a refused file names its lines. */
class CsvImportTest extends ReportingTest {

  private static final String HEADER = "id,name_ja,name_en,contact_email,roles,chain\n";

  @Autowired ObjectMapper json;
  @Autowired PartyDirectory directory;

  @AfterEach
  void backToTheSeed() {
    SeedOnly.restore(jdbc, identityService, authorizationService);
  }

  private ResponseEntity<String> upload(String user, String requestId, byte[] file) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType("text/csv; charset=utf-8"));
    headers.set("X-Requested-By", "optout-chain");
    var client = user == null ? rest : rest.withBasicAuth(user, "demo");
    return client.exchange("/api/admin/parties/import?clientRequestId=" + requestId, HttpMethod.POST,
        new HttpEntity<>(file, headers), String.class);
  }

  private ResponseEntity<String> upload(String requestId, String file) {
    return upload("demo", requestId, file.getBytes(StandardCharsets.UTF_8));
  }

  private JsonNode read(ResponseEntity<String> response) throws Exception {
    return json.readTree(response.getBody());
  }

  private long groupsOf(String prefix) {
    return identityService.createGroupQuery().groupNameLike("%").list().stream()
        .filter(g -> g.getId().startsWith(prefix)).count();
  }

  @Test
  void aFileOfFacilitiesImportsWithTheirGroupsChainsAndOneAuditEvent() throws Exception {
    long before = lastAuditId();
    // Excel's "CSV UTF-8": a byte-order mark, CRLF; a quoted name holds a comma.
    String file = "\uFEFF" + HEADER.replace("\n", "\r\n")
        + "h000001,北市民病院,North City Hospital,,HOSPITAL,demo\r\n"
        + "h000002,\"南病院, 本院\",,office@h2.example.jp,HOSPITAL,demo\r\n"
        + "h000003,東クリニック,,,HOSPITAL,demo\r\n"
        + "producer-q,認定事業者Q,Producer Q,,CONTRACTOR|CERTIFIED_PRODUCER,\r\n"
        + "hospital-a,デモ病院A,Demo Hospital A,records@hospital-a.example.jp,HOSPITAL,demo\r\n";
    byte[] bytes = file.getBytes(StandardCharsets.UTF_8);

    var imported = upload("demo", "import-1", bytes);

    assertThat(imported.getStatusCode()).as(imported.getBody()).isEqualTo(HttpStatus.OK);
    var answer = read(imported);
    assertThat(answer.get("rows").asLong()).isEqualTo(5);
    assertThat(answer.get("created").asLong()).isEqualTo(4);
    assertThat(answer.get("updated").asLong()).isEqualTo(1);
    assertThat(answer.get("chainsAssigned").asLong()).isEqualTo(3);
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    assertThat(answer.get("sha256").asText()).isEqualTo(sha256);

    assertThat(directory.hospitals()).contains("h000001", "h000002", "h000003", "hospital-a");
    assertThat(directory.chainsOf("h000002")).singleElement()
        .satisfies(chain -> assertThat(chain.report()).containsExactly("nttdata", "ldi", "jmimo"));
    assertThat(directory.party("h000002").orElseThrow().nameJa()).isEqualTo("南病院, 本院");
    assertThat(directory.party("producer-q").orElseThrow().roles())
        .containsExactlyInAnyOrder(PartyRole.CONTRACTOR, PartyRole.CERTIFIED_PRODUCER);
    assertThat(directory.party("hospital-a").orElseThrow().contactEmail()).isEqualTo("records@hospital-a.example.jp");
    assertThat(groupsOf("h00000")).isEqualTo(9);
    assertThat(identityService.createGroupQuery().groupId("producer-q-compliance").singleResult().getName())
        .isEqualTo("Producer Q / 認定事業者Q compliance / コンプライアンス責任者");
    assertThat(authorizationService.createAuthorizationQuery().groupIdIn("h000001-operators").count()).isEqualTo(4);

    // One event for the file, not one per line.
    assertThat(jdbc.queryForList("select event_type from optout.audit_event where id > ?", String.class, before))
        .containsExactly("PARTIES_IMPORTED");
    assertThat(auditPayloads("PARTIES_IMPORTED", before)).singleElement().asString()
        .contains("\"rows\":5").contains("\"sha256\":\"" + sha256 + "\"");

    // The same request again is answered as before and imports nothing twice.
    var again = upload("demo", "import-1", bytes);
    assertThat(again.getHeaders().getFirst("Idempotent-Replay")).isEqualTo("true");
    assertThat(read(again).get("created").asLong()).isEqualTo(4);
    assertThat(lastAuditId()).isEqualTo(before + 1);
    // The same file under a new id changes nothing: every line is as stored.
    var unchanged = read(upload("demo", "import-2", bytes));
    assertThat(unchanged.get("unchanged").asLong()).isEqualTo(5);
    assertThat(unchanged.get("created").asLong()).isZero();
    // A line that renames a party renames its groups.
    var renamed = read(upload("import-3", HEADER + "h000003,東クリニック,East Clinic,,HOSPITAL,demo\n"));
    assertThat(renamed.get("updated").asLong()).isEqualTo(1);
    assertThat(identityService.createGroupQuery().groupId("h000003-supervisors").singleResult().getName())
        .isEqualTo("East Clinic / 東クリニック supervisors / 監督者");
  }

  @Test
  void aBadLineInTheMiddleRefusesTheWholeFileNamingItsLineAndNothingIsWritten() throws Exception {
    long before = lastAuditId();
    String file = HEADER
        + "h000011,一病院,,,HOSPITAL,demo\n"
        + "h000012,二病院,,,HOSPTIAL,demo\n"
        + "h000013,三病院,,,HOSPITAL,demo\n"
        + "h000014,四病院,,not-an-address,HOSPITAL,no-such-chain\n"
        + "h000015,五病院,,,HOSPITAL,demo\n";

    var refused = upload("import-bad", file);

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    var answer = read(refused);
    assertThat(answer.get("error").asText()).isEqualTo("INVALID");
    assertThat(answer.get("message").asText()).contains("何も書き込んでいません").contains("nothing of the file was imported");
    assertThat(answer.get("refusals")).hasSize(3);
    assertThat(answer.get("refusals").get(0).get("line").asLong()).isEqualTo(3);
    assertThat(answer.get("refusals").get(0).get("field").asText()).isEqualTo("roles");
    assertThat(answer.get("refusals").get(0).get("message").asText()).contains("HOSPTIAL").contains("役割");
    assertThat(answer.get("refusals").findValuesAsText("line")).containsExactly("3", "5", "5");
    assertThat(answer.get("refusals").findValuesAsText("field")).containsExactly("roles", "contact_email", "chain");

    // Nothing written: no party, no assignment, no group, no event, and the request id is free for the fixed file.
    assertThat(jdbc.queryForObject("select count(*) from optout.party where id like 'h0000%'", Integer.class)).isZero();
    assertThat(directory.hospitals()).containsExactly("hospital-a", "hospital-b", "hospital-c", "hospital-d");
    assertThat(groupsOf("h0000")).isZero();
    assertThat(lastAuditId()).isEqualTo(before);
    String fixed = file.replace("HOSPTIAL", "HOSPITAL").replace("not-an-address,HOSPITAL,no-such-chain",
        ",HOSPITAL,demo");
    var accepted = upload("import-bad", fixed);
    assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(read(accepted).get("created").asLong()).isEqualTo(5);
  }

  @Test
  void linesAreNumberedAsTheFileHasThemAndRepeatsAndEncodingsAreNamed() throws Exception {
    String file = HEADER
        + "h000021,\"二行に\n分かれた名前\",,,HOSPITAL,demo\n"
        + "h000022,二病院,,,HOSPITAL,demo\n"
        + "h000022,二病院,,,HOSPITAL,demo\n";
    var answer = read(upload("import-lines", file));
    assertThat(answer.get("refusals").findValuesAsText("line")).containsExactly("2", "5");
    assertThat(answer.get("refusals").get(0).get("field").asText()).isEqualTo("name_ja");
    assertThat(answer.get("refusals").get(1).get("message").asText()).contains("also on line 4");

    byte[] shiftJis = (HEADER + "h000031,正しい病院,,,HOSPITAL,demo\nh000032,シフトJIS病院,,,HOSPITAL,demo\n")
        .getBytes(Charset.forName("Shift_JIS"));
    var notUtf8 = read(upload("demo", "import-sjis", shiftJis));
    assertThat(notUtf8.get("refusals").findValuesAsText("line")).containsExactly("2", "3");
    assertThat(notUtf8.get("refusals").get(0).get("message").asText()).contains("UTF-8");

    StringBuilder manyBad = new StringBuilder(HEADER);
    for (int i = 1; i <= 150; i++) {
      manyBad.append("Bad Id ").append(i).append(",名前,,,HOSPITAL,demo\n");
    }
    var capped = read(upload("import-many", manyBad.toString()));
    assertThat(capped.get("refusals")).hasSize(100);
    assertThat(capped.get("moreRefused").asBoolean()).isTrue();
    assertThat(capped.get("message").asText()).contains("100 or more lines are refused");

    var badHeader = read(upload("import-header", "id,name,roles\nh1,x,HOSPITAL\n"));
    assertThat(badHeader.get("refusals").get(0).get("line").asLong()).isEqualTo(1);
    assertThat(badHeader.get("refusals").findValuesAsText("field")).contains("name", "name_ja");
  }

  @Test
  void aLineThatWouldTakeAwayARoleItsChainNeedsRefusesTheFile() throws Exception {
    var answer = read(upload("import-role", HEADER + "h000041,一病院,,,HOSPITAL,demo\n"
        + "jmimo,日本医師会医療情報管理機構,J-MIMO,,DATA_USER,\n"));

    assertThat(answer.get("refusals")).hasSize(1);
    assertThat(answer.get("refusals").get(0).get("line").asLong()).isEqualTo(3);
    assertThat(answer.get("refusals").get(0).get("message").asText()).contains("final recipient of chain demo");
    assertThat(directory.party("h000041")).isEmpty();
  }

  @Test
  void onlyTheAdministratorImports() {
    byte[] file = (HEADER + "h000051,一病院,,,HOSPITAL,demo\n").getBytes(StandardCharsets.UTF_8);

    assertThat(upload(null, "import-anon", file).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(upload("nttdata-operator", "import-op", file).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(upload("regulator", "import-reg", file).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(directory.party("h000051")).isEmpty();
  }
}
