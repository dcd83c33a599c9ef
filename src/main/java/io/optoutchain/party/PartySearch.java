package io.optoutchain.party;

import io.optoutchain.error.Bounded;
import io.optoutchain.error.Rejected;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which parties a search of the directory selects: text (an id's start, or part of either name, any
 * case), a role, a chain, or hospitals without one. The administrator's party list and the overseers'
 * search-as-you-type ask the same question; {@link #where} is its SQL over {@code optout.party p}
 * left joined to {@code optout.hospital_chain h}.
 */
public record PartySearch(String text, PartyRole role, String chainId, boolean withoutChain) {

  /** The search a request's parameters ask for: blanks are no condition, an unknown role is refused. */
  public static PartySearch of(String q, String role, String chainId, boolean withoutChain) {
    PartyRole partyRole = null;
    if (role != null && !role.isBlank()) {
      try {
        partyRole = PartyRole.valueOf(role);
      } catch (IllegalArgumentException e) {
        throw Rejected.invalid("role", "役割 " + Rejected.shown(role) + " はありません", "no role " + Rejected.shown(role));
      }
    }
    String text = q == null || q.isBlank() ? null : Bounded.text(q.strip(), 100);
    return new PartySearch(text, partyRole, chainId == null || chainId.isBlank() ? null : chainId, withoutChain);
  }

  /** The {@code where} clause, empty when nothing is asked; its parameters are {@link #params}. */
  public String where() {
    List<String> conditions = new ArrayList<>();
    if (text != null) {
      conditions.add("(p.id like :prefix escape '\\' or p.name_ja ilike :contains escape '\\'"
          + " or p.name_en ilike :contains escape '\\')");
    }
    if (role != null) {
      conditions.add("exists (select 1 from optout.party_role r where r.party_id = p.id and r.role = :role)");
    }
    if (chainId != null) {
      conditions.add("h.chain_id = :chain");
    }
    if (withoutChain) {
      conditions.add("h.hospital_id is null and exists (select 1 from optout.party_role r where r.party_id = p.id"
          + " and r.role = 'HOSPITAL')");
    }
    return conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
  }

  /** The named parameters of {@link #where} (a map, as this package stays free of Spring). */
  public Map<String, Object> params() {
    String escaped = text == null ? null : text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    var params = new HashMap<String, Object>();
    params.put("prefix", escaped == null ? null : escaped.toLowerCase(Locale.ROOT) + "%");
    params.put("contains", escaped == null ? null : "%" + escaped + "%");
    params.put("role", role == null ? null : role.name());
    params.put("chain", chainId);
    return params;
  }
}
