package io.optoutchain.audit;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * {@code --verify-audit}: verifies the audit trail, prints the result and exits (0 intact, 1 broken),
 * e.g. {@code java -jar optout-chain.jar --spring.profiles.active=postgres --verify-audit}.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
public class VerifyAuditCommand implements ApplicationRunner {

  private final AuditVerifier verifier;
  private final ApplicationContext context;

  public VerifyAuditCommand(AuditVerifier verifier, ApplicationContext context) {
    this.verifier = verifier;
    this.context = context;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!args.containsOption("verify-audit")) {
      return;
    }
    var result = verifier.verify();
    String unsealed = result.unsealedRows() == 0 ? "" : "; " + result.unsealedRows()
        + " rows not sealed yet, the oldest written " + result.oldestUnsealedAgeSeconds() + " s ago";
    System.out.println(result.intact()
        ? "audit trail intact: " + result.rows() + " rows, head hash " + result.headHash() + unsealed
        : "audit trail BROKEN at " + (result.firstBrokenSeq() == null ? "" : "sequence " + result.firstBrokenSeq()
            + ", ") + "event " + result.firstBrokenEventId() + ": " + result.problem() + unsealed);
    int code = result.intact() ? 0 : 1;
    System.exit(SpringApplication.exit(context, (ExitCodeGenerator) () -> code));
  }
}
