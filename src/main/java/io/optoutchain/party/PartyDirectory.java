package io.optoutchain.party;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The parties and their chains, read from our tables on every call: one indexed query per call, no
 * copy kept, so a hospital or chain the administrator adds is seen at once by every node. The tables
 * only hold what {@link ChainTemplate#problems} accepted (party/admin/PartyAdministration).
 */
@Component
public class PartyDirectory {

  private static final String PARTY = """
      select p.id, p.name_ja, p.name_en, p.contact_email,
             array(select r.role from optout.party_role r where r.party_id = p.id order by r.role) as roles
        from optout.party p
      """;

  private final NamedParameterJdbcTemplate jdbc;

  public PartyDirectory(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<Party> party(String partyId) {
    if (partyId == null) {
      return Optional.empty();
    }
    return jdbc.query(PARTY + " where p.id = :id", Map.of("id", partyId), PartyDirectory::party).stream()
        .findFirst();
  }

  /** These parties, in id order; ids the directory does not know are left out. */
  public List<Party> parties(Collection<String> ids) {
    return jdbc.query(PARTY + " where p.id = any(:ids) order by p.id", Map.of("ids", ids.toArray(String[]::new)),
        PartyDirectory::party);
  }

  /** The first {@code limit} parties the search selects, in id order. */
  public List<Party> search(PartySearch search, int limit) {
    var params = new MapSqlParameterSource(search.params()).addValue("limit", limit);
    return jdbc.query(PARTY + " left join optout.hospital_chain h on h.hospital_id = p.id" + search.where()
        + " order by p.id limit :limit", params, PartyDirectory::party);
  }

  /** The hospital's report chains, one per certified producer receiving its records. */
  public List<ReportChain> chainsOf(String hospitalId) {
    return template(hospitalId).map(t -> t.forHospital(hospitalId)).orElse(List.of());
  }

  /** The hospital's report chain ending at this final recipient. */
  public Optional<ReportChain> chainOf(String hospitalId, String finalRecipient) {
    return chainsOf(hospitalId).stream().filter(c -> c.finalRecipient().equals(finalRecipient)).findFirst();
  }

  /**
   * The parties a hospital's opt-out requests travel through after the hospital, in order; the
   * last one keeps the ledger.
   */
  public List<String> intakeOf(String hospitalId) {
    return template(hospitalId).map(ChainTemplate::intake).orElseThrow(
        () -> new IllegalArgumentException("hospital " + hospitalId + " has no chain"));
  }

  /** Whether the party handles any of this hospital's opt-outs: the hospital or a party on a chain. */
  public boolean involves(String hospitalId, String partyId) {
    return chainsOf(hospitalId).stream().anyMatch(chain -> chain.involves(partyId));
  }

  /** Whether this hospital is assigned a chain: one index lookup, not the list of {@link #hospitals}. */
  public boolean isAssigned(String hospitalId) {
    return hospitalId != null && Boolean.TRUE.equals(jdbc.queryForObject(
        "select exists (select 1 from optout.hospital_chain where hospital_id = :hospital)",
        Map.of("hospital", hospitalId), Boolean.class));
  }

  /** Every hospital assigned a chain, in id order: the hospitals whose months are reported. */
  public List<String> hospitals() {
    return jdbc.getJdbcTemplate().queryForList("select hospital_id from optout.hospital_chain order by hospital_id",
        String.class);
  }

  /**
   * The next hospitals assigned a chain after {@code after} (null for the first), at most {@code limit},
   * in byte order: a keyset page on the index V18 gives it, as cheap at the 180,000th as at the first.
   */
  public List<String> hospitalsAfter(String after, int limit) {
    return jdbc.queryForList("""
        select hospital_id from optout.hospital_chain where hospital_id collate "C" > :after
         order by hospital_id collate "C" limit :limit
        """, new MapSqlParameterSource("after", after == null ? "" : after).addValue("limit", limit), String.class);
  }

  /**
   * Hospitals up to and including {@code upTo} in byte order with no report started for the period, at
   * most {@code limit}: those assigned a chain behind a month's start while it went on.
   */
  public List<String> hospitalsNotStartedUpTo(String upTo, String period, int limit) {
    return jdbc.queryForList("""
        select h.hospital_id from optout.hospital_chain h
         where h.hospital_id collate "C" <= :upTo
           and not exists (select 1 from optout.period_status s where s.hospital_id = h.hospital_id and s.period = :period)
         order by h.hospital_id collate "C" limit :limit
        """, new MapSqlParameterSource("upTo", upTo).addValue("period", period).addValue("limit", limit), String.class);
  }

  /** How many hospitals are assigned a chain. */
  public int hospitalCount() {
    return jdbc.getJdbcTemplate().queryForObject("select count(*) from optout.hospital_chain", Integer.class);
  }

  /**
   * Whether the party keeps the ledger of every hospital assigned a chain (the last party of its
   * chain's intake, or the sender of its first report route): one query over the chains, not one per
   * hospital. No party does while no hospital is assigned a chain.
   */
  public boolean keepsEveryLedger(String partyId) {
    return partyId != null && Boolean.TRUE.equals(jdbc.queryForObject("""
        select exists (select 1 from optout.hospital_chain) and not exists (
          select 1 from optout.chain c
           where exists (select 1 from optout.hospital_chain h where h.chain_id = c.id)
             and coalesce((select i.party_id from optout.chain_intake i where i.chain_id = c.id
                            order by i.position desc limit 1),
                          (select r.party_id from optout.chain_report r where r.chain_id = c.id
                            order by r.route_no, r.position limit 1)) is distinct from :party)
        """, Map.of("party", partyId), Boolean.class));
  }

  /**
   * SQL selecting {@code hospital_id}: every hospital whose chain has a report route ending at
   * {@code :recipient}. For a query's {@code in (...)} or {@code from (...)}, so that no list of
   * hospitals crosses the wire (there are some 180,000 facilities in Japan).
   */
  public static final String HOSPITALS_REPORTING_TO = """
      select h.hospital_id from optout.hospital_chain h
       where h.chain_id in (select r.chain_id from optout.chain_report r
                             where r.party_id = :recipient
                               and not exists (select 1 from optout.chain_report x
                                                where x.chain_id = r.chain_id and x.route_no = r.route_no
                                                  and x.position > r.position))
      """;

  /**
   * SQL selecting {@code hospital_id}: every hospital that {@code :party} handles, as {@link #involves}
   * answers it (the hospital itself, or a party on its chain's intake or on one of its report routes).
   */
  public static final String HOSPITALS_INVOLVING = """
      select h.hospital_id from optout.hospital_chain h
       where h.chain_id in (select r.chain_id from optout.chain_report r)
         and (h.hospital_id = :party
              or h.chain_id in (select i.chain_id from optout.chain_intake i where i.party_id = :party
                                union
                                select r.chain_id from optout.chain_report r where r.party_id = :party))
      """;

  /** One page of hospital ids, in id order, and how many there are in all. */
  public record HospitalPage(long total, int page, int size, List<String> hospitalIds) {}

  /** The hospitals whose chain has a report route ending at this recipient, a page at a time. */
  public HospitalPage hospitalsReportingTo(String recipient, int page, int size) {
    return hospitalPage(HOSPITALS_REPORTING_TO, new MapSqlParameterSource("recipient", recipient), page, size);
  }

  /** The hospitals this party handles ({@link #involves}), a page at a time. */
  public HospitalPage hospitalsInvolving(String partyId, int page, int size) {
    return hospitalPage(HOSPITALS_INVOLVING, new MapSqlParameterSource("party", partyId), page, size);
  }

  private HospitalPage hospitalPage(String hospitals, MapSqlParameterSource params, int page, int size) {
    if (page < 0 || size < 1) {
      throw new IllegalArgumentException("page from 0, size from 1");
    }
    Long total = jdbc.queryForObject("select count(*) from (" + hospitals + ") q", params, Long.class);
    List<String> ids = jdbc.queryForList("select hospital_id from (" + hospitals + ") q"
            + " order by hospital_id collate \"C\" limit :limit offset :offset",
        params.addValue("limit", size).addValue("offset", (long) page * size), String.class);
    return new HospitalPage(total == null ? 0 : total, page, size, ids);
  }

  /** The chain template a hospital is assigned, read in one round trip. */
  public Optional<ChainTemplate> template(String hospitalId) {
    if (hospitalId == null) {
      return Optional.empty();
    }
    List<Object[]> rows = jdbc.query("""
        select c.id, c.name, 0 as route_no, i.position, i.party_id
          from optout.hospital_chain h join optout.chain c on c.id = h.chain_id
          left join optout.chain_intake i on i.chain_id = c.id
         where h.hospital_id = :hospital
        union all
        select c.id, c.name, r.route_no, r.position, r.party_id
          from optout.hospital_chain h join optout.chain c on c.id = h.chain_id
          join optout.chain_report r on r.chain_id = c.id
         where h.hospital_id = :hospital
        order by 3, 4
        """, Map.of("hospital", hospitalId), (rs, n) -> new Object[] {rs.getString(1), rs.getString(2), rs.getInt(3),
        rs.getString(5)});
    return rows.isEmpty() ? Optional.empty() : Optional.of(template(rows));
  }

  /** Rows of (chain id, name, route number (0 for the intake), party id), ordered by route and position. */
  static ChainTemplate template(List<Object[]> rows) {
    List<String> intake = new ArrayList<>();
    List<List<String>> reports = new ArrayList<>();
    int currentRoute = 0;
    for (Object[] row : rows) {
      int route = (Integer) row[2];
      String party = (String) row[3];
      if (party == null) {
        continue;
      }
      if (route == 0) {
        intake.add(party);
        continue;
      }
      if (route != currentRoute) {
        reports.add(new ArrayList<>());
        currentRoute = route;
      }
      reports.get(reports.size() - 1).add(party);
    }
    return new ChainTemplate((String) rows.get(0)[0], (String) rows.get(0)[1], intake, reports);
  }

  static Party party(ResultSet rs, int row) throws SQLException {
    Array array = rs.getArray("roles");
    Set<PartyRole> roles = EnumSet.noneOf(PartyRole.class);
    for (Object role : (Object[]) array.getArray()) {
      roles.add(PartyRole.valueOf((String) role));
    }
    return new Party(rs.getString("id"), rs.getString("name_ja"), rs.getString("name_en"), roles,
        rs.getString("contact_email"));
  }
}
