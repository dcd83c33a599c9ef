package io.optoutchain.party;

import java.util.Collection;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The identity groups of each party: {@code <party>-operators} do the monthly work,
 * {@code <party>-supervisors} receive the first escalation, {@code <party>-compliance} the last.
 * Registered as a bean so the BPMN can name candidate groups by party.
 */
@Component("partyGroups")
public class PartyGroups {

  public static final String ADMINISTRATORS = "camunda-admin";
  /** Regulators (Cabinet Office, Personal Information Protection Commission): read-only. */
  public static final String REGULATORS = "regulators";
  private static final String OPERATORS = "-operators";
  private static final String SUPERVISORS = "-supervisors";
  private static final String COMPLIANCE = "-compliance";

  public String operators(String partyId) {
    return partyId + OPERATORS;
  }

  public String supervisors(String partyId) {
    return partyId + SUPERVISORS;
  }

  public String compliance(String partyId) {
    return partyId + COMPLIANCE;
  }

  /** The party a group belongs to, if it is one of a party's groups. */
  public Optional<String> partyOf(String groupId) {
    for (String suffix : new String[] {OPERATORS, SUPERVISORS, COMPLIANCE}) {
      if (groupId.endsWith(suffix) && groupId.length() > suffix.length()) {
        return Optional.of(groupId.substring(0, groupId.length() - suffix.length()));
      }
    }
    return Optional.empty();
  }

  /** The one party a user's groups name; a user working for two parties is a configuration error. */
  public Optional<String> partyOf(Collection<String> groupIds) {
    var parties = groupIds.stream().map(this::partyOf).flatMap(Optional::stream).distinct().toList();
    if (parties.size() > 1) {
      throw new IllegalStateException("a user belongs to groups of several parties: " + parties);
    }
    return parties.stream().findFirst();
  }
}
