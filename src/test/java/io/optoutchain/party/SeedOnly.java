package io.optoutchain.party;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Puts the party tables back to the seed after a test that added parties or chains: every test of the
 * shared context relies on the seed's four hospitals and two chains (PeriodCloser starts every
 * hospital). Added parties lose their groups, grants and users too.
 */
final class SeedOnly {

  static final String[] SEED_PARTIES = {"hospital-a", "hospital-b", "hospital-c", "hospital-d", "ldi", "nttdata",
      "jmimo", "datauser-1", "datauser-2"};
  /** Each seed hospital's chain (application-test.yaml). */
  static final Map<String, String> SEED_CHAIN_OF = Map.of("hospital-a", "demo", "hospital-b", "demo",
      "hospital-c", "demo", "hospital-d", "two-producers");
  static final String[] SEED_CHAINS = {"demo", "two-producers"};

  private SeedOnly() {}

  static void restore(JdbcTemplate jdbc, IdentityService identity, AuthorizationService authorizations) {
    identity.clearAuthentication();
    List<String> added = jdbc.queryForList("select id from optout.party where id <> all(?) order by id", String.class,
        (Object) SEED_PARTIES);
    jdbc.update("delete from optout.hospital_chain where hospital_id <> all(?)", (Object) SEED_PARTIES);
    SEED_CHAIN_OF.forEach((hospital, chain) -> jdbc.update(
        "update optout.hospital_chain set chain_id = ? where hospital_id = ? and chain_id <> ?", chain, hospital, chain));
    jdbc.update("delete from optout.chain_report where chain_id <> all(?)", (Object) SEED_CHAINS);
    jdbc.update("delete from optout.chain_intake where chain_id <> all(?)", (Object) SEED_CHAINS);
    jdbc.update("delete from optout.chain where id <> all(?)", (Object) SEED_CHAINS);
    jdbc.update("delete from optout.party_role where party_id <> all(?)", (Object) SEED_PARTIES);
    jdbc.update("delete from optout.party where id <> all(?)", (Object) SEED_PARTIES);
    jdbc.update("update optout.party set contact_email = null");
    for (String party : added) {
      for (String group : List.of(party + "-operators", party + "-supervisors", party + "-compliance")) {
        identity.createUserQuery().memberOfGroup(group).list().forEach(user -> identity.deleteUser(user.getId()));
        authorizations.createAuthorizationQuery().groupIdIn(group).list()
            .forEach(authorization -> authorizations.deleteAuthorization(authorization.getId()));
        authorizations.createAuthorizationQuery().resourceType(org.camunda.bpm.engine.authorization.Resources.GROUP)
            .resourceId(group).list().forEach(authorization -> authorizations.deleteAuthorization(authorization.getId()));
        identity.deleteGroup(group);
      }
    }
  }
}
