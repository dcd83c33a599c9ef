package io.optoutchain.party.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.optoutchain.audit.AuditTrail;
import io.optoutchain.database.PlannerStatistics;
import io.optoutchain.identity.PartyAccess;
import io.optoutchain.party.Party;
import io.optoutchain.party.PartyIds;
import io.optoutchain.party.PartyRole;
import io.optoutchain.party.PartyRules;
import io.optoutchain.party.Problem;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Imports parties from CSV, all or nothing, in one transaction: the file is read as a stream, line by
 * line, each line checked on its own and copied (PostgreSQL COPY) into a temporary table; then the
 * rules that involve what is already stored are checked over that table in SQL, and only if no line
 * was refused are the parties, roles and chain assignments written, set-based, with the new parties'
 * groups and grants ({@link PartyAccess}) and one audit event for the file. Any refused line refuses
 * the file: the answer names each refused line (at most {@value #MAX_REFUSALS}) and nothing is written.
 *
 * <p>The file: UTF-8 (a byte-order mark is allowed), a header line naming the columns {@code id},
 * {@code name_ja}, {@code roles} and optionally {@code name_en}, {@code contact_email}, {@code chain},
 * in any order; then one party per line. {@code roles} separates several with {@code |}; a hospital
 * names its chain, other parties none. A line for an existing id changes that party.
 */
@Service
public class PartyImport {

  private static final Logger log = LoggerFactory.getLogger(PartyImport.class);

  public static final String PARTIES_IMPORTED = "PARTIES_IMPORTED";
  public static final long MAX_BYTES = 256L * 1024 * 1024;
  public static final int MAX_ROWS = 1_000_000;
  public static final int MAX_REFUSALS = 100;
  static final List<String> COLUMNS = List.of("id", "name_ja", "name_en", "contact_email", "roles", "chain");
  static final List<String> REQUIRED = List.of("id", "name_ja", "roles");
  private static final int COPY_CHUNK = 1 << 20;

  private static final CsvFactory CSV = CsvFactory.builder()
      .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
      // The upload is the request's: ClientRequests reads what is left of it for the retry digest.
      .disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();
  /** What the decoder puts for bytes that are not UTF-8: found in a value, it refuses that value's line. */
  private static final char NOT_UTF8 = '\uFFFD';

  private final NamedParameterJdbcTemplate jdbc;
  private final DataSource dataSource;
  private final PartyAccess access;
  private final AuditTrail audit;
  private final Clock clock;
  private final PlannerStatistics statistics;

  public PartyImport(NamedParameterJdbcTemplate jdbc, DataSource dataSource, PartyAccess access, AuditTrail audit,
      Clock clock, PlannerStatistics statistics) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
    this.access = access;
    this.audit = audit;
    this.clock = clock;
    this.statistics = statistics;
  }

  /** What an import did: lines read, parties created and changed, hospitals (re)assigned a chain. */
  public record Imported(long rows, long created, long updated, long unchanged, long chainsAssigned, String sha256,
      long bytes) {}

  /** One refused line: its number in the file (1 is the header), the column, the reason in Japanese and English. */
  public record LineRefusal(long line, String field, String message) {}

  /** The answer to a refused file, in the API's refusal shape with the refused lines beside. */
  public record RefusedFile(String error, String field, String message, List<LineRefusal> refusals,
      boolean moreRefused) {}

  /** The file was refused; nothing of it was written. */
  public static class Refused extends RuntimeException {

    private final transient RefusedFile answer;

    Refused(List<LineRefusal> refusals, boolean more) {
      super(refusals.size() + (more ? "+" : "") + " lines refused; nothing imported");
      this.answer = new RefusedFile("INVALID", "file",
          refusals.size() + (more ? " 行以上" : " 行") + "に誤りがあるため、ファイル全体を取り込みませんでした（何も書き込んでいません）"
              + " / " + refusals.size() + (more ? " or more lines are" : refusals.size() == 1 ? " line is" : " lines are")
              + " refused, so nothing of the file was imported",
          List.copyOf(refusals), more);
    }

    public RefusedFile answer() {
      return answer;
    }
  }

  private static final class Refusals {
    final List<LineRefusal> lines = new ArrayList<>();
    boolean more;

    void add(long line, Problem problem) {
      add(line, problem.field(), problem.japanese(), problem.english());
    }

    void add(long line, String field, String japanese, String english) {
      if (lines.size() < MAX_REFUSALS) {
        lines.add(new LineRefusal(line, field, japanese + " / " + english));
      } else {
        more = true;
      }
    }

    boolean any() {
      return !lines.isEmpty();
    }

    Refused refused() {
      return new Refused(lines, more);
    }
  }

  @Transactional
  public Imported importCsv(InputStream upload) {
    long started = System.nanoTime();
    MessageDigest sha256 = sha256();
    Counting counted = new Counting(new DigestInputStream(upload, sha256));
    Set<String> chains = new HashSet<>(jdbc.getJdbcTemplate().queryForList("select id from optout.chain", String.class));
    jdbc.getJdbcTemplate().execute("""
        create temporary table party_import (
          line bigint not null, id text not null, name_ja text not null, name_en text, contact_email text,
          roles text[] not null, chain_id text
        ) on commit drop
        """);
    Refusals refusals = new Refusals();
    long rows;
    Connection connection = DataSourceUtils.getConnection(dataSource);
    try {
      CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(
          "copy pg_temp.party_import (line, id, name_ja, name_en, contact_email, roles, chain_id)"
              + " from stdin with (format csv)");
      try {
        rows = read(counted, chains, refusals, copy);
        if (copy.isActive()) {
          if (refusals.any()) {
            copy.cancelCopy();
          } else {
            copy.endCopy();
          }
        }
      } finally {
        if (copy.isActive()) {
          copy.cancelCopy();
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("copying the import into its temporary table failed", e);
    } finally {
      DataSourceUtils.releaseConnection(connection, dataSource);
    }
    if (refusals.any()) {
      throw refusals.refused();
    }
    jdbc.getJdbcTemplate().execute("analyze pg_temp.party_import");
    checkAgainstTheTables(refusals);
    if (refusals.any()) {
      throw refusals.refused();
    }
    String digest = HexFormat.of().formatHex(sha256.digest());
    Imported imported = write(rows, digest, counted.count);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("rows", imported.rows());
    payload.put("created", imported.created());
    payload.put("updated", imported.updated());
    payload.put("unchanged", imported.unchanged());
    payload.put("chainsAssigned", imported.chainsAssigned());
    payload.put("sha256", imported.sha256());
    payload.put("bytes", imported.bytes());
    audit.record(PARTIES_IMPORTED, null, null, payload);
    // Up to a million new parties, three groups and their grants each: the lookups that follow (a party, its
    // groups, a task's authorization check) plan from fresh statistics once the import has committed.
    statistics.refresh(PlannerStatistics.AFTER_PARTY_IMPORT);
    log.info("Imported {} parties ({} new, {} changed) in {} ms", rows, imported.created(), imported.updated(),
        (System.nanoTime() - started) / 1_000_000);
    return imported;
  }

  /** Reads the file line by line, copying each accepted line while no line has been refused. */
  private long read(Counting counted, Set<String> chains, Refusals refusals, CopyIn copy) throws SQLException {
    StringBuilder chunk = new StringBuilder(COPY_CHUNK + 4096);
    Map<String, Long> seen = new HashMap<>();
    long rows = 0;
    long line = 1;
    try (CsvParser parser = (CsvParser) CSV.createParser(utf8(counted))) {
      parser.setSchema(CsvSchema.emptySchema());
      Map<String, Integer> header = header(parser, refusals);
      if (header == null) {
        return 0;
      }
      List<String> values = new ArrayList<>(COLUMNS.size());
      // Read to the end even past the refusals shown, so that the answer says whether there were more.
      while (true) {
        JsonToken token = parser.nextToken();
        if (token == null) {
          break;
        }
        values.clear();
        while ((token = parser.nextToken()) == JsonToken.VALUE_STRING) {
          if (values.isEmpty()) {
            // The row's first value says where the row starts; the array's start is reported at the previous line's end.
            line = parser.currentTokenLocation().getLineNr();
          }
          values.add(parser.getText());
        }
        if (counted.count > MAX_BYTES) {
          refusals.add(line, "file", "ファイルが " + MAX_BYTES + " バイトを超えています", "the file is larger than " + MAX_BYTES + " bytes");
          break;
        }
        if (++rows > MAX_ROWS) {
          refusals.add(line, "file", "1ファイルは " + MAX_ROWS + " 行までです", "a file holds at most " + MAX_ROWS + " lines");
          break;
        }
        if (values.size() == 1 && values.get(0).isBlank()) {
          rows--;
          continue;
        }
        String row = row(line, values, header, chains, seen, refusals);
        if (row != null && !refusals.any()) {
          chunk.append(row);
          if (chunk.length() >= COPY_CHUNK) {
            write(copy, chunk);
          }
        }
      }
      if (rows == 0 && !refusals.any()) {
        refusals.add(2, "file", "取り込む行がありません（見出し行の次から1行に1組織）", "no party lines follow the header (one party a line)");
      }
      if (!refusals.any()) {
        write(copy, chunk);
      }
    } catch (JsonProcessingException e) {
      long at = e.getLocation() == null ? line : e.getLocation().getLineNr();
      refusals.add(at, "file", "CSV として読めません: " + e.getOriginalMessage(), "not readable as CSV: " + e.getOriginalMessage());
    } catch (IOException e) {
      refusals.add(line, "file", "ファイルを読み取れませんでした", "the file could not be read: " + e.getMessage());
    }
    return rows;
  }

  /** The header's columns to their positions; null (and a refusal of line 1) if it is not ours. */
  private static Map<String, Integer> header(CsvParser parser, Refusals refusals) throws IOException {
    JsonToken token = parser.nextToken();
    if (token == null) {
      refusals.add(1, "file", "ファイルが空です（見出し行 " + String.join(",", COLUMNS) + " が必要です）",
          "the file is empty (it starts with the header " + String.join(",", COLUMNS) + ")");
      return null;
    }
    Map<String, Integer> header = new LinkedHashMap<>();
    int position = 0;
    while (parser.nextToken() == JsonToken.VALUE_STRING) {
      String column = parser.getText().strip().toLowerCase(Locale.ROOT);
      if (!COLUMNS.contains(column)) {
        refusals.add(1, column, "見出しの列 " + shown(column) + " は知りません（列: " + String.join(",", COLUMNS) + "）",
            "unknown column " + shown(column) + " in the header (columns: " + String.join(",", COLUMNS) + ")");
      } else if (header.putIfAbsent(column, position) != null) {
        refusals.add(1, column, "見出しに列 " + column + " が2回あります", "the header names " + column + " twice");
      }
      position++;
    }
    for (String required : REQUIRED) {
      if (!header.containsKey(required)) {
        refusals.add(1, required, "見出しに列 " + required + " がありません", "the header lacks the column " + required);
      }
    }
    return refusals.any() ? null : header;
  }

  /** Checks one line on its own; the COPY line for it, or null if it is refused. */
  private static String row(long line, List<String> values, Map<String, Integer> header, Set<String> chains,
      Map<String, Long> seen, Refusals refusals) {
    if (values.stream().anyMatch(v -> v.indexOf(NOT_UTF8) >= 0)) {
      refusals.add(line, "file", "UTF-8 ではない文字があります（Excel では「CSV UTF-8」で保存してください）",
          "the line is not UTF-8 (in Excel, save as \"CSV UTF-8\")");
      return null;
    }
    if (values.size() > header.size()) {
      refusals.add(line, "file", "列が多すぎます（" + values.size() + " 列、見出しは " + header.size() + " 列）",
          "too many fields (" + values.size() + "; the header has " + header.size() + ")");
      return null;
    }
    String id = PartyRules.text(value(values, header, "id"));
    String nameJa = PartyRules.text(value(values, header, "name_ja"));
    String nameEn = PartyRules.text(value(values, header, "name_en"));
    String email = PartyRules.text(value(values, header, "contact_email"));
    String rolesText = PartyRules.text(value(values, header, "roles"));
    String chain = PartyRules.text(value(values, header, "chain"));
    List<Problem> problems = new ArrayList<>(PartyRules.idProblems(id));
    List<Problem> roleProblems = new ArrayList<>();
    Set<PartyRole> roles = PartyRules.roles(rolesText == null ? List.of() : List.of(rolesText.split("\\|")),
        roleProblems);
    if (!roleProblems.isEmpty()) {
      // An unknown role is the line's one problem with roles; its chain is not judged on a guess.
      problems.addAll(PartyRules.fieldProblems(nameJa, nameEn, email));
      problems.addAll(roleProblems);
    } else {
      problems.addAll(PartyRules.problems(nameJa, nameEn, email, roles));
      problems.addAll(chainProblems(roles, chain, chains));
    }
    if (id != null && PartyIds.valid(id)) {
      Long earlier = seen.putIfAbsent(id, line);
      if (earlier != null) {
        problems.add(new Problem("id", "組織 " + id + " は " + earlier + " 行目にもあります", "party " + id + " is also on line " + earlier));
      }
    }
    if (!problems.isEmpty()) {
      problems.forEach(problem -> refusals.add(line, fieldName(problem.field()), problem.japanese(), problem.english()));
      return null;
    }
    String roleArray = roles.stream().map(Enum::name).sorted().collect(Collectors.joining(",", "{", "}"));
    return line + "," + quoted(id) + "," + quoted(nameJa) + "," + quoted(nameEn) + "," + quoted(email) + ","
        + quoted(roleArray) + "," + quoted(chain) + "\n";
  }

  /** A hospital names an existing chain; no other party names one. */
  private static List<Problem> chainProblems(Set<PartyRole> roles, String chain, Set<String> chains) {
    if (!roles.contains(PartyRole.HOSPITAL)) {
      return chain == null ? List.of() : List.of(new Problem("chain", "経路を割り当てられるのは医療機関（HOSPITAL）だけです",
          "only a hospital (HOSPITAL) names a chain"));
    }
    if (chain == null) {
      return List.of(new Problem("chain", "医療機関（HOSPITAL）には経路IDが必要です", "a hospital (HOSPITAL) names its chain"));
    }
    if (!PartyIds.valid(chain) || !chains.contains(chain)) {
      return List.of(new Problem("chain", "経路 " + shown(chain) + " はありません", "no chain " + shown(chain)));
    }
    return List.of();
  }

  /** The CSV column a refusal names, as the file calls it. */
  private static String fieldName(String field) {
    return switch (field) {
      case "nameJa" -> "name_ja";
      case "nameEn" -> "name_en";
      case "contactEmail" -> "contact_email";
      default -> field;
    };
  }

  private static String value(List<String> values, Map<String, Integer> header, String column) {
    Integer position = header.get(column);
    return position == null || position >= values.size() ? null : values.get(position);
  }

  /** A value for COPY's CSV: quoted, quotes doubled; nothing at all for null. */
  private static String quoted(String value) {
    return value == null ? "" : '"' + value.replace("\"", "\"\"") + '"';
  }

  /** What the tables already hold and a line would break: a role the party's place on a chain needs. */
  private void checkAgainstTheTables(Refusals refusals) {
    jdbc.getJdbcTemplate().query("""
        select s.line, s.id, h.chain_id from pg_temp.party_import s join optout.hospital_chain h on h.hospital_id = s.id
         where not ('HOSPITAL' = any(s.roles)) order by s.line limit ?
        """, rs -> {
          refusals.add(rs.getLong(1), "roles", rs.getString(2) + " は経路 " + rs.getString(3) + " の医療機関です。HOSPITAL の役割は外せません",
              rs.getString(2) + " is a hospital on chain " + rs.getString(3) + "; it keeps the role HOSPITAL");
        }, MAX_REFUSALS);
    jdbc.getJdbcTemplate().query("""
        select s.line, s.id, min(r.chain_id) from pg_temp.party_import s join optout.chain_report r on r.party_id = s.id
         where not ('CERTIFIED_PRODUCER' = any(s.roles))
           and r.position = (select max(last.position) from optout.chain_report last
                              where last.chain_id = r.chain_id and last.route_no = r.route_no)
         group by s.line, s.id order by s.line limit ?
        """, rs -> {
          refusals.add(rs.getLong(1), "roles", rs.getString(2) + " は経路 " + rs.getString(3) + " の最終受領者です。CERTIFIED_PRODUCER の役割は外せません",
              rs.getString(2) + " is the final recipient of chain " + rs.getString(3) + "; it keeps the role CERTIFIED_PRODUCER");
        }, MAX_REFUSALS);
  }

  /** Writes the checked lines: parties, their roles, chains, groups and grants. */
  private Imported write(long rows, String digest, long bytes) {
    var at = new MapSqlParameterSource("at", Timestamp.from(clock.instant()));
    jdbc.getJdbcTemplate().execute("""
        create temporary table party_import_change on commit drop as
        select s.id, p.id is null as created,
               p.id is not null and (p.name_ja, p.name_en) is distinct from (s.name_ja, s.name_en) as renamed,
               p.id is not null and ((p.name_ja, p.name_en, p.contact_email) is distinct from (s.name_ja, s.name_en, s.contact_email)
                 or array(select r.role::text from optout.party_role r where r.party_id = p.id order by r.role) <> s.roles) as changed
          from pg_temp.party_import s left join optout.party p on p.id = s.id
        """);
    jdbc.update("""
        insert into optout.party (id, name_ja, name_en, contact_email, created_at, updated_at)
        select s.id, s.name_ja, s.name_en, s.contact_email, :at, :at
          from pg_temp.party_import s join pg_temp.party_import_change c on c.id = s.id where c.created
        """, at);
    jdbc.update("""
        update optout.party p set name_ja = s.name_ja, name_en = s.name_en, contact_email = s.contact_email, updated_at = :at
          from pg_temp.party_import s join pg_temp.party_import_change c on c.id = s.id
         where c.changed and p.id = s.id
        """, at);
    jdbc.getJdbcTemplate().update("""
        delete from optout.party_role r using pg_temp.party_import_change c where c.changed and r.party_id = c.id
        """);
    jdbc.getJdbcTemplate().update("""
        insert into optout.party_role (party_id, role)
        select s.id, unnest(s.roles) from pg_temp.party_import s join pg_temp.party_import_change c on c.id = s.id
         where c.created or c.changed
        """);
    int assigned = jdbc.update("""
        insert into optout.hospital_chain (hospital_id, chain_id, assigned_at)
        select s.id, s.chain_id, :at from pg_temp.party_import s where s.chain_id is not null
        on conflict (hospital_id) do update set chain_id = excluded.chain_id, assigned_at = excluded.assigned_at
         where hospital_chain.chain_id <> excluded.chain_id
        """, at);
    long created = 0;
    long renamed = 0;
    long changed = 0;
    for (var counts : jdbc.getJdbcTemplate().queryForList("""
        select count(*) filter (where created) as created, count(*) filter (where renamed) as renamed,
               count(*) filter (where changed) as changed from pg_temp.party_import_change
        """)) {
      created = ((Number) counts.get("created")).longValue();
      renamed = ((Number) counts.get("renamed")).longValue();
      changed = ((Number) counts.get("changed")).longValue();
    }
    forEachChunk("c.created", access::open);
    if (renamed > 0) {
      forEachChunk("c.renamed", access::rename);
    }
    return new Imported(rows, created, changed, rows - created - changed, assigned, digest, bytes);
  }

  /** The imported parties the condition selects, a chunk at a time, in id order. */
  private void forEachChunk(String condition, java.util.function.Consumer<List<Party>> action) {
    String after = "";
    while (true) {
      List<Party> chunk = jdbc.query("select s.id, s.name_ja, s.name_en, s.contact_email, s.roles"
              + " from pg_temp.party_import s join pg_temp.party_import_change c on c.id = s.id"
              + " where " + condition + " and s.id > :after order by s.id limit :limit",
          new MapSqlParameterSource("after", after).addValue("limit", 5_000), (rs, n) -> {
            Set<PartyRole> roles = new HashSet<>();
            for (Object role : (Object[]) rs.getArray("roles").getArray()) {
              roles.add(PartyRole.valueOf((String) role));
            }
            return new Party(rs.getString("id"), rs.getString("name_ja"), rs.getString("name_en"), roles,
                rs.getString("contact_email"));
          });
      if (chunk.isEmpty()) {
        return;
      }
      action.accept(chunk);
      after = chunk.get(chunk.size() - 1).id();
    }
  }

  private static void write(CopyIn copy, StringBuilder chunk) throws SQLException {
    if (chunk.length() > 0) {
      byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
      copy.writeToCopy(bytes, 0, bytes.length);
      chunk.setLength(0);
    }
  }

  /**
   * A UTF-8 reader that skips a leading byte-order mark, as Excel writes one. Bytes that are not UTF-8
   * become U+FFFD, so the line that holds them is refused by its number (a decoder that stops instead
   * would stop where Jackson's read-ahead is, lines later).
   */
  private static Reader utf8(InputStream in) throws IOException {
    PushbackReader reader = new PushbackReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)), 1);
    int first = reader.read();
    if (first >= 0 && first != '\uFEFF') {
      reader.unread(first);
    }
    return reader;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static String shown(String value) {
    return "'" + (value.length() > 64 ? value.substring(0, 64) + "…" : value) + "'";
  }

  /** Counts the bytes read, for the size bound and the audit event. */
  private static final class Counting extends FilterInputStream {

    long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      int n = super.read(bytes, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
