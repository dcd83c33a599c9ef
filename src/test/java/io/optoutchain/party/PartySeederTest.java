package io.optoutchain.party;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.audit.AuditTrail;
import io.optoutchain.identity.PartyAccess;
import io.optoutchain.party.admin.PartySeeder;
import io.optoutchain.party.admin.PartyTables;
import io.optoutchain.support.EngineTest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.AuthorizationService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The YAML seeds the tables once, whoever starts first and however often. */
class PartySeederTest extends EngineTest {

  @Autowired PartySeeder seeder;
  @Autowired PartyTables tables;
  @Autowired PartyAccess access;
  @Autowired AuditTrail audit;
  @Autowired Clock clock;
  @Autowired PlatformTransactionManager transactionManager;
  @Autowired AuthorizationService authorizationService;
  @Autowired PartyDirectory directory;

  @AfterEach
  void backToTheSeed() {
    SeedOnly.restore(jdbc, identityService, authorizationService);
  }

  @Test
  void aSecondStartSeedsNothingAndKeepsWhatTheAdministratorChanged() {
    jdbc.update("update optout.party set name_en = 'NTT DATA Japan' where id = 'nttdata'");
    try {
      assertThat(seeder.seed()).isZero();
      assertThat(directory.party("nttdata").orElseThrow().nameEn()).isEqualTo("NTT DATA Japan");
    } finally {
      jdbc.update("update optout.party set name_en = 'NTT Data' where id = 'nttdata'");
    }
  }

  @Test
  void twoNodesStartingAtOnceInsertEachPartyOnce() throws Exception {
    var seed = new ChainProperties(Map.of("datauser-7", new ChainProperties.PartyDefinition(null, "研究機関7",
        "Research Institute 7", Set.of(PartyRole.DATA_USER), null)), List.of());
    var transactions = new TransactionTemplate(transactionManager);
    long before = jdbc.queryForObject("select coalesce(max(id), 0) from optout.audit_event", Long.class);
    CountDownLatch start = new CountDownLatch(1);
    var nodes = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> seeded = List.of(1, 2).stream().map(node -> nodes.submit(() -> {
        start.await();
        return transactions.execute(status -> new PartySeeder(seed, tables, access, audit, clock).seed());
      })).toList();
      start.countDown();

      int inserted = 0;
      for (Future<Integer> node : seeded) {
        inserted += node.get(60, TimeUnit.SECONDS);
      }
      assertThat(inserted).isEqualTo(1);
    } finally {
      nodes.shutdownNow();
    }
    assertThat(directory.party("datauser-7")).hasValueSatisfying(p -> assertThat(p.name())
        .isEqualTo("Research Institute 7 / 研究機関7"));
    assertThat(identityService.createGroupQuery().groupIdIn("datauser-7-operators", "datauser-7-supervisors",
        "datauser-7-compliance").count()).isEqualTo(3);
    assertThat(authorizationService.createAuthorizationQuery().groupIdIn("datauser-7-operators").count()).isEqualTo(4);
    assertThat(jdbc.queryForList("select actor_user || ' ' || event_type from optout.audit_event where id > ?",
        String.class, before)).containsExactly("system PARTY_CREATED");
  }
}
