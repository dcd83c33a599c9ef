package io.optoutchain.party.admin;

import io.optoutchain.party.ChainTemplate;
import io.optoutchain.party.PartyRole;
import io.optoutchain.party.PartySearch;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads and writes the party tables (V13) for the administrator; {@code PartyDirectory} reads them for everyone. */
@Repository
public class PartyTables {

  private final NamedParameterJdbcTemplate jdbc;

  public PartyTables(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** A party row as the administrator sees it, with the chain of a hospital. */
  public record PartyRow(String id, String nameJa, String nameEn, String contactEmail, Set<PartyRole> roles,
      String chainId, Instant createdAt, Instant updatedAt) {}

  public record ChainRow(String id, String name, List<String> intake, List<List<String>> reports, long hospitals,
      Instant createdAt, Instant updatedAt) {

    public ChainTemplate template() {
      return new ChainTemplate(id, name, intake, reports);
    }
  }

  private static final String PARTY_ROW = """
      select p.id, p.name_ja, p.name_en, p.contact_email, p.created_at, p.updated_at, h.chain_id,
             array(select r.role from optout.party_role r where r.party_id = p.id order by r.role) as roles
        from optout.party p left join optout.hospital_chain h on h.hospital_id = p.id
      """;

  public long count(PartySearch search) {
    return jdbc.queryForObject("select count(*) from optout.party p left join optout.hospital_chain h"
        + " on h.hospital_id = p.id" + search.where(), search.params(), Long.class);
  }

  public List<PartyRow> page(PartySearch search, int page, int size) {
    var params = new MapSqlParameterSource(search.params()).addValue("limit", size)
        .addValue("offset", (long) page * size);
    return jdbc.query(PARTY_ROW + search.where() + " order by p.id limit :limit offset :offset", params,
        PartyTables::partyRow);
  }

  public Optional<PartyRow> party(String id) {
    return jdbc.query(PARTY_ROW + " where p.id = :id", Map.of("id", id), PartyTables::partyRow).stream().findFirst();
  }

  /** The party, its row locked until the transaction ends: a concurrent change of it waits. */
  public Optional<PartyRow> lockParty(String id) {
    List<String> locked = jdbc.queryForList("select id from optout.party where id = :id for update",
        Map.of("id", id), String.class);
    return locked.isEmpty() ? Optional.empty() : party(id);
  }

  /** Locks these parties' rows against a change of roles while a chain naming them is saved. */
  public void shareLock(Collection<String> ids) {
    jdbc.queryForList("select id from optout.party where id = any(:ids) for share",
        Map.of("ids", ids.toArray(String[]::new)), String.class);
  }

  /** Inserts the party; false when its id is taken. */
  public boolean insertParty(String id, String nameJa, String nameEn, String contactEmail, Set<PartyRole> roles,
      Instant at) {
    int inserted = jdbc.update("""
        insert into optout.party (id, name_ja, name_en, contact_email, created_at, updated_at)
        values (:id, :ja, :en, :email, :at, :at) on conflict (id) do nothing
        """, new MapSqlParameterSource("id", id).addValue("ja", nameJa).addValue("en", nameEn)
        .addValue("email", contactEmail).addValue("at", Timestamp.from(at)));
    if (inserted == 0) {
      return false;
    }
    insertRoles(id, roles);
    return true;
  }

  public void updateParty(String id, String nameJa, String nameEn, String contactEmail, Set<PartyRole> roles,
      Instant at) {
    jdbc.update("""
        update optout.party set name_ja = :ja, name_en = :en, contact_email = :email, updated_at = :at where id = :id
        """, new MapSqlParameterSource("id", id).addValue("ja", nameJa).addValue("en", nameEn)
        .addValue("email", contactEmail).addValue("at", Timestamp.from(at)));
    jdbc.update("delete from optout.party_role where party_id = :id", Map.of("id", id));
    insertRoles(id, roles);
  }

  private void insertRoles(String id, Set<PartyRole> roles) {
    jdbc.batchUpdate("insert into optout.party_role (party_id, role) values (:id, :role)", roles.stream()
        .map(role -> new MapSqlParameterSource("id", id).addValue("role", role.name()))
        .toArray(MapSqlParameterSource[]::new));
  }

  /** The chains whose report routes end at this party. */
  public List<String> chainsEndingAt(String partyId) {
    return jdbc.queryForList("""
        select distinct r.chain_id from optout.chain_report r
         where r.party_id = :party
           and r.position = (select max(last.position) from optout.chain_report last
                              where last.chain_id = r.chain_id and last.route_no = r.route_no)
         order by 1
        """, Map.of("party", partyId), String.class);
  }

  /** The chains this party is on, in the intake or a report route. */
  public List<String> chainsThrough(String partyId) {
    return jdbc.queryForList("""
        select chain_id from optout.chain_intake where party_id = :party
        union select chain_id from optout.chain_report where party_id = :party order by 1
        """, Map.of("party", partyId), String.class);
  }

  public List<ChainRow> chains() {
    return jdbc.query("select id from optout.chain order by id", (rs, n) -> rs.getString(1)).stream()
        .map(id -> chain(id).orElseThrow()).toList();
  }

  public Optional<ChainRow> chain(String id) {
    var head = jdbc.query("""
        select c.id, c.name, c.created_at, c.updated_at,
               (select count(*) from optout.hospital_chain h where h.chain_id = c.id) as hospitals
          from optout.chain c where c.id = :id
        """, Map.of("id", id), (rs, n) -> new Object[] {rs.getString("name"), rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant(), rs.getLong("hospitals")});
    if (head.isEmpty()) {
      return Optional.empty();
    }
    List<String> intake = jdbc.queryForList(
        "select party_id from optout.chain_intake where chain_id = :id order by position", Map.of("id", id),
        String.class);
    List<List<String>> reports = new ArrayList<>();
    int[] route = {0};
    jdbc.query("select route_no, party_id from optout.chain_report where chain_id = :id order by route_no, position",
        Map.of("id", id), rs -> {
          if (rs.getInt(1) != route[0]) {
            route[0] = rs.getInt(1);
            reports.add(new ArrayList<>());
          }
          reports.get(reports.size() - 1).add(rs.getString(2));
        });
    Object[] h = head.get(0);
    return Optional.of(new ChainRow(id, (String) h[0], intake, reports, (Long) h[3], (Instant) h[1], (Instant) h[2]));
  }

  /** Locks the chain's row; empty if there is no such chain. */
  public boolean lockChain(String id) {
    return !jdbc.queryForList("select id from optout.chain where id = :id for update", Map.of("id", id), String.class)
        .isEmpty();
  }

  /** Inserts the chain's row; false when its id is taken. Its routes follow with {@link #replaceRoutes}. */
  public boolean insertChain(String id, String name, Instant at) {
    return jdbc.update("""
        insert into optout.chain (id, name, created_at, updated_at) values (:id, :name, :at, :at)
        on conflict (id) do nothing
        """, new MapSqlParameterSource("id", id).addValue("name", name).addValue("at", Timestamp.from(at))) == 1;
  }

  public void renameChain(String id, String name, Instant at) {
    jdbc.update("update optout.chain set name = :name, updated_at = :at where id = :id",
        new MapSqlParameterSource("id", id).addValue("name", name).addValue("at", Timestamp.from(at)));
  }

  public void replaceRoutes(ChainTemplate template) {
    Map<String, String> id = Map.of("id", template.id());
    jdbc.update("delete from optout.chain_intake where chain_id = :id", id);
    jdbc.update("delete from optout.chain_report where chain_id = :id", id);
    List<MapSqlParameterSource> intake = new ArrayList<>();
    for (int i = 0; i < template.intake().size(); i++) {
      intake.add(new MapSqlParameterSource("id", template.id()).addValue("position", i + 1)
          .addValue("party", template.intake().get(i)));
    }
    jdbc.batchUpdate("insert into optout.chain_intake (chain_id, position, party_id) values (:id, :position, :party)",
        intake.toArray(MapSqlParameterSource[]::new));
    List<MapSqlParameterSource> report = new ArrayList<>();
    for (int r = 0; r < template.reports().size(); r++) {
      List<String> route = template.reports().get(r);
      for (int i = 0; i < route.size(); i++) {
        report.add(new MapSqlParameterSource("id", template.id()).addValue("route", r + 1).addValue("position", i + 1)
            .addValue("party", route.get(i)));
      }
    }
    jdbc.batchUpdate("insert into optout.chain_report (chain_id, route_no, position, party_id)"
        + " values (:id, :route, :position, :party)", report.toArray(MapSqlParameterSource[]::new));
  }

  /** Assigns the hospital its chain; the chain it had before, if any. */
  public Optional<String> assign(String hospitalId, String chainId, Instant at) {
    Optional<String> before = jdbc.queryForList("select chain_id from optout.hospital_chain where hospital_id = :h",
        Map.of("h", hospitalId), String.class).stream().findFirst();
    jdbc.update("""
        insert into optout.hospital_chain (hospital_id, chain_id, assigned_at) values (:h, :c, :at)
        on conflict (hospital_id) do update set chain_id = excluded.chain_id, assigned_at = excluded.assigned_at
        """, new MapSqlParameterSource("h", hospitalId).addValue("c", chainId).addValue("at", Timestamp.from(at)));
    return before;
  }

  /** Assigns the hospital its chain unless it has one; whether it was assigned. */
  public boolean assignIfAbsent(String hospitalId, String chainId, Instant at) {
    return jdbc.update("""
        insert into optout.hospital_chain (hospital_id, chain_id, assigned_at) values (:h, :c, :at)
        on conflict (hospital_id) do nothing
        """, new MapSqlParameterSource("h", hospitalId).addValue("c", chainId).addValue("at", Timestamp.from(at))) == 1;
  }

  static PartyRow partyRow(ResultSet rs, int row) throws SQLException {
    return new PartyRow(rs.getString("id"), rs.getString("name_ja"), rs.getString("name_en"),
        rs.getString("contact_email"), roles(rs.getArray("roles")), rs.getString("chain_id"),
        rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
  }

  static Set<PartyRole> roles(Array array) throws SQLException {
    Set<PartyRole> roles = EnumSet.noneOf(PartyRole.class);
    for (Object role : (Object[]) array.getArray()) {
      roles.add(PartyRole.valueOf((String) role));
    }
    return roles;
  }
}
