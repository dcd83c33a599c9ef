package io.optoutchain.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.optoutchain.support.EngineTest;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/** The connection pool, sized by configuration, has a connection for every thread that may need one at once. */
class PoolSizingTest extends EngineTest {

  @Autowired DataSource dataSource;
  @Autowired Environment environment;

  private int setting(String key) {
    return environment.getRequiredProperty(key, Integer.class);
  }

  @Test
  void poolHoldsAConnectionForEveryJobWebAndSchedulerThread() {
    int pool = ((HikariDataSource) dataSource).getMaximumPoolSize();

    assertThat(pool).isEqualTo(setting("spring.datasource.hikari.maximum-pool-size"));
    assertThat(pool).isGreaterThanOrEqualTo(setting("camunda.bpm.job-execution.max-pool-size")
        + setting("server.tomcat.threads.max") + setting("spring.task.scheduling.pool.size") + 2);
  }
}
