package io.optoutchain.notification;

import io.optoutchain.party.Party;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.party.PartyGroups;
import io.optoutchain.process.EngineAsSystem;
import io.optoutchain.reporting.EscalationLevel;
import io.optoutchain.reporting.PeriodRef;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Tells the members of an escalated group by e-mail, and the contact address of the group's party
 * if it has one: the mail is queued in the escalation's transaction ({@link MailOutbox}) and sent once that
 * has committed, so a rolled back escalation sends nothing. The mail names the hospital, the period and the
 * cause; never a patient or a figure.
 */
@Component
public class EscalationNotifier {

  private static final Logger log = LoggerFactory.getLogger(EscalationNotifier.class);

  private final ObjectProvider<JavaMailSender> mailSender;
  private final MailOutbox outbox;
  private final IdentityService identityService;
  private final EngineAsSystem asSystem;
  private final NotificationProperties properties;
  private final PartyDirectory directory;
  private final PartyGroups partyGroups;

  public EscalationNotifier(ObjectProvider<JavaMailSender> mailSender, MailOutbox outbox,
      IdentityService identityService, EngineAsSystem asSystem, NotificationProperties properties,
      PartyDirectory directory, PartyGroups partyGroups) {
    this.mailSender = mailSender;
    this.outbox = outbox;
    this.identityService = identityService;
    this.asSystem = asSystem;
    this.properties = properties;
    this.directory = directory;
    this.partyGroups = partyGroups;
  }

  public void escalated(PeriodRef ref, EscalationLevel level, String group, String cause) {
    if (mailSender.getIfAvailable() == null) {
      log.warn("No SMTP server configured (spring.mail.host): escalation of {} to {} is not mailed", ref, group);
      return;
    }
    Set<String> addresses = new LinkedHashSet<>();
    asSystem.run(() -> identityService.createUserQuery().memberOfGroup(group).list()).stream().map(User::getEmail)
        .filter(Objects::nonNull).filter(email -> !email.isBlank()).forEach(addresses::add);
    partyGroups.partyOf(group).flatMap(directory::party).map(Party::contactEmail).ifPresent(addresses::add);
    List<String> recipients = List.copyOf(addresses);
    if (recipients.isEmpty()) {
      log.warn("Escalation of {} to {}: neither a member of the group nor its party has an e-mail address", ref, group);
      return;
    }
    outbox.enqueue(recipients, subject(ref, level), body(ref, group, cause));
  }

  private static String subject(PeriodRef ref, EscalationLevel level) {
    return "[Opt-out Chain] 上申 / Escalation: " + ref.hospitalId() + " " + ref.period() + " → "
        + ref.finalRecipient() + " ("
        + (level == EscalationLevel.COMPLIANCE ? "コンプライアンス責任者 / compliance officer" : "監督者 / supervisors")
        + ")";
  }

  private String body(PeriodRef ref, String group, String cause) {
    return """
        %1$s の %2$s 分の月次オプトアウト報告が %3$s に上申されました。
        The %2$s monthly opt-out report of %1$s has been escalated to %3$s.

        理由 / Cause: %4$s
        最終受領者 / Final recipient: %5$s

        Tasklist: %6$s
        """.formatted(ref.hospitalId(), ref.period(), group, cause, ref.finalRecipient(), properties.tasklistUrl());
  }
}
