package io.optoutchain.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.audit.VerifyAuditCommand;
import io.optoutchain.support.EngineTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;

/**
 * The start lock covers every start-up seeder and nothing after them: a {@code --verify-audit} run over a
 * nation's trail keeps no other node from starting. (TwoNodesTest shows the seeders racing to one result.)
 */
class ClusterStartLockTest extends EngineTest {

  @Autowired List<ApplicationRunner> runners;
  @Autowired ClusterStartLock lock;

  @Test
  void theLockIsReleasedAfterEverySeederAndBeforeTheAuditVerification() {
    List<ApplicationRunner> inOrder = new ArrayList<>(runners);
    AnnotationAwareOrderComparator.sort(inOrder);
    List<Class<?>> classes = inOrder.stream().<Class<?>>map(AopUtils::getTargetClass).toList();

    int release = classes.indexOf(ClusterStartLock.AfterSeeding.class);
    assertThat(classes).hasSizeGreaterThan(2);
    assertThat(release).isEqualTo(classes.size() - 2);
    assertThat(classes.get(classes.size() - 1)).isEqualTo(VerifyAuditCommand.class);
    assertThat(lock.holds()).isFalse();
  }
}
