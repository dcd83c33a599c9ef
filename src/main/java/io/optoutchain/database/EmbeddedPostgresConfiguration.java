package io.optoutchain.database;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * The embedded default: when no {@code spring.datasource.url} is configured, the app starts a
 * real PostgreSQL server from a Maven artifact. The product never runs on another database, so
 * what the tests see is what production sees.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
public class EmbeddedPostgresConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

  @Bean(destroyMethod = "close")
  EmbeddedPostgres embeddedPostgres(@Value("${optout.embedded-database.data-directory:}") String dataDirectory)
      throws IOException {
    // Spring stops the server after everything that uses it has closed; its own JVM hook would race that.
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setRegisterShutdownHook(false);
    if (!dataDirectory.isBlank()) {
      builder.setDataDirectory(Path.of(dataDirectory)).setCleanDataDirectory(false);
    }
    EmbeddedPostgres postgres = builder.start();
    log.info("Embedded PostgreSQL listening on 127.0.0.1:{} (data: {})", postgres.getPort(),
        dataDirectory.isBlank() ? "temporary, removed at shutdown" : dataDirectory);
    return postgres;
  }

  /** A pooled data source sized by {@code spring.datasource.hikari.*}, as in production; the server's own one opens a connection per call. */
  @Bean
  @Primary
  @ConfigurationProperties("spring.datasource.hikari")
  HikariDataSource dataSource(EmbeddedPostgres postgres) {
    return DataSourceBuilder.create().type(HikariDataSource.class)
        .url(postgres.getJdbcUrl("postgres", "postgres"))
        .username("postgres")
        .build();
  }
}
