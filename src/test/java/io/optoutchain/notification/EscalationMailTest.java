package io.optoutchain.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.support.ReportingTest;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Escalations reach the escalated group's members through a real SMTP server. */
class EscalationMailTest extends ReportingTest {

  private static List<String> recipients(MimeMessage message) {
    try {
      return Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void unresolvedIncidentMailsTheKeepersSupervisorsAndThenTheRecipientsComplianceOfficer() throws Exception {
    recordOptOut(HOSPITAL, patientKey("incident"), LocalDate.of(2024, 12, 9));
    var report = start("2024-12");
    declare("2024-12", 1, false);
    sendOwnManifest("2024-12", List.of(), List.of());
    assertThat(SMTP.getReceivedMessages()).isEmpty();

    moveClockTo(timerDue(report.getId(), "Timer_EscalateToSupervisors").plusSeconds(1));
    assertThat(SMTP.getReceivedMessages()).as("queued with the escalation, sent by the outbox's sender").isEmpty();
    assertThat(mailOutbox.sendDue()).isEqualTo(1);

    MimeMessage[] toSupervisors = SMTP.getReceivedMessages();
    assertThat(toSupervisors).hasSize(1);
    assertThat(recipients(toSupervisors[0])).containsExactly("nttdata-supervisor@demo.invalid");
    assertThat(toSupervisors[0].getSubject()).contains("hospital-a").contains("2024-12").contains("supervisors");
    String body = (String) toSupervisors[0].getContent();
    assertThat(body).contains("2024-12").contains("UNRESOLVED_DISCREPANCY").doesNotContain(patientKey("incident"));

    moveClockTo(timerDue(report.getId(), "Timer_EscalateToComplianceOfficer").plusSeconds(1));
    mailOutbox.sendDue();

    MimeMessage[] all = SMTP.getReceivedMessages();
    assertThat(all).hasSize(2);
    MimeMessage toCompliance = Arrays.stream(all)
        .filter(m -> recipients(m).contains("jmimo-compliance@demo.invalid")).findFirst().orElseThrow();
    assertThat(recipients(toCompliance)).containsExactly("jmimo-compliance@demo.invalid");
    assertThat(toCompliance.getSubject()).contains("2024-12").contains("compliance officer");
  }
}
