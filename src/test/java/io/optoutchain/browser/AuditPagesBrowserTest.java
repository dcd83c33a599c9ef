package io.optoutchain.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.support.HeadlessChromium;
import io.optoutchain.support.BrowserTest;
import java.io.IOException;
import java.time.LocalDate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A regulator opens the period matrix, clicks the incident's December and reads what happened. */
class AuditPagesBrowserTest extends BrowserTest {


  @Test
  void regulatorFindsTheIncidentInTheMatrixAndItsDiscrepancyAndEscalationInTheTimeline() throws IOException {
    recordOptOut(HOSPITAL, patientKey("incident"), LocalDate.of(2024, 12, 9));
    var report = start("2024-12");
    declare("2024-12", 1, false);
    sendOwnManifest("2024-12", List.of(), List.of());
    moveClockTo(timerDue(report.getId(), "Timer_EscalateToSupervisors").plusSeconds(1));
    moveClockTo(timerDue(report.getId(), "Timer_EscalateToComplianceOfficer").plusSeconds(1));
    var wait = new WebDriverWait(browser, Duration.ofSeconds(30));

    // One sign-in: the regulator's page sends a person without a session to the webapps' login ...
    browser.get(url("/audit/matrix.html"));
    wait.until(ExpectedConditions.urlContains("/camunda/app/welcome/"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type=password]")));
    browser.findElement(By.cssSelector("input[type=text]")).sendKeys("regulator");
    browser.findElement(By.cssSelector("input[type=password]")).sendKeys("demo");
    browser.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("input[type=password]")));

    // ... and the same session opens it.
    browser.get(url("/audit/matrix.html"));
    var cell = untilLoaded(wait, ExpectedConditions.visibilityOfElementLocated(By.id("cell-hospital-a-2024-12")));
    assertThat(cell.getAttribute("class")).contains("ESCALATED");
    assertThat(browser.findElement(By.id("cell-hospital-b-2024-12")).getText()).isEqualTo("NOT_STARTED");
    screenshot("audit-matrix.png");
    cell.click();

    untilLoaded(wait, ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "ESCALATION"));
    String timeline = browser.findElement(By.id("timeline")).getText();
    assertThat(timeline).contains("DISCREPANCY").contains("REPORT_DIFFERS_FROM_LEDGER").contains("ESCALATION")
        .contains("jmimo-compliance").contains("nttdata-operator");
    screenshot("audit-timeline.png");

    browser.get(url("/audit/verify.html"));
    untilLoaded(wait, ExpectedConditions.textToBePresentInElementLocated(By.id("result"), "Intact"));
    screenshot("audit-verify.png");

    // Logging out of the webapps logs out of the regulators' pages too.
    browser.executeScript("var token = document.cookie.split('; ').find(c => c.startsWith('XSRF-TOKEN='));"
        + "return fetch('/camunda/api/admin/auth/user/default/logout', {method: 'POST',"
        + " headers: {'X-XSRF-TOKEN': token ? token.substring(11) : ''}}).then(r => r.status);");
    browser.get(url("/audit/matrix.html"));
    wait.until(ExpectedConditions.urlContains("/camunda/app/welcome/"));
  }
}
