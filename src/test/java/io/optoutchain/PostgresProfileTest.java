package io.optoutchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code postgres} profile, as docker-compose runs it: an external PostgreSQL named by
 * DB_URL / DB_USER / DB_PASSWORD, an administrator from ADMIN_USER / ADMIN_PASSWORD, no demo users
 * and no parties.
 * The "external" server here is a real PostgreSQL started by the test.
 */
@Tag("own-jvm")
class PostgresProfileTest {

  @Test
  void appStartsOnAnExternalPostgresWithTheProfilesSettings() throws Exception {
    try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
      new JdbcTemplate(server.getPostgresDatabase()).execute("create database optout");
      // Only what the container would be given: a developer's own SPRING_DATASOURCE_URL must not leak in.
      var containerEnvironment = new StandardEnvironment();
      containerEnvironment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
      try (var app = new SpringApplicationBuilder(OptOutChainApplication.class)
          .environment(containerEnvironment)
          .profiles("postgres")
          .properties(
              "DB_URL=" + server.getJdbcUrl("postgres", "optout"),
              "DB_USER=postgres",
              "DB_PASSWORD=",
              "ADMIN_USER=root-admin",
              "ADMIN_PASSWORD=a-long-secret",
              "PORT=0",
              "camunda.bpm.job-execution.enabled=false",
              "optout.reporting.close-cron=-")
          .run()) {
        var jdbc = app.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForObject("select current_database()", String.class)).isEqualTo("optout");
        assertThat(jdbc.queryForObject("select count(*) from optout.flyway_schema_history where success", Integer.class))
            .isPositive();
        assertThat(app.getBean(RepositoryService.class).createProcessDefinitionQuery()
            .processDefinitionKey("MonthlyOptOutReport").count()).isEqualTo(1);
        var identity = app.getBean(IdentityService.class);
        assertThat(identity.checkPassword("root-admin", "a-long-secret")).isTrue();
        assertThat(identity.createUserQuery().userId("hospital-a-operator").count()).isZero();
        // Production seeds no party: the administrator adds them (/api/admin, the page, a CSV import).
        assertThat(jdbc.queryForObject("select count(*) from optout.party", Integer.class)).isZero();
        assertThat(identity.createGroupQuery().groupId("nttdata-operators").count()).isZero();
        assertThat(identity.createGroupQuery().groupId("regulators").count()).isEqualTo(1);
      }
    }
  }

  @Test
  void aBareStartWithNoConfigurationRefusesAndSaysWhatToSet() {
    // What `java -jar` meets with nothing set: no profile, so no demo users and no administrator.
    var bare = new StandardEnvironment();
    bare.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    var app = new SpringApplicationBuilder(OptOutChainApplication.class).environment(bare)
        .properties("PORT=0", "camunda.bpm.job-execution.enabled=false", "optout.reporting.close-cron=-");

    assertThatThrownBy(app::run).hasStackTraceContaining("ADMIN_PASSWORD")
        .hasStackTraceContaining("spring-boot.run.profiles=demo");
  }

  @Test
  void withoutAnAdministratorPasswordTheAppRefusesToStartAndSaysWhatToSet() throws Exception {
    try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
      var containerEnvironment = new StandardEnvironment();
      containerEnvironment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
      var app = new SpringApplicationBuilder(OptOutChainApplication.class)
          .environment(containerEnvironment)
          .profiles("postgres")
          .properties("DB_URL=" + server.getJdbcUrl("postgres", "postgres"), "DB_USER=postgres", "DB_PASSWORD=",
              "PORT=0", "camunda.bpm.job-execution.enabled=false", "optout.reporting.close-cron=-");

      assertThatThrownBy(app::run).hasStackTraceContaining("ADMIN_PASSWORD");
      assertThat(new JdbcTemplate(server.getPostgresDatabase())
          .queryForObject("select count(*) from information_schema.tables where table_name = 'act_id_user'", Integer.class))
          .isZero();
    }
  }
}
