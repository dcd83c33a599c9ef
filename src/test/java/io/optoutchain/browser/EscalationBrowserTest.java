package io.optoutchain.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.escalation.EscalationHandling;
import io.optoutchain.support.BrowserTest;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * An NTT Data supervisor, reached by the escalation of the seed's unresolved December, finds its own
 * task in Tasklist, reads what is late and who must act, and acknowledges it with a note; the late
 * task stays NTT Data's operators'.
 */
class EscalationBrowserTest extends BrowserTest {

  @Test
  void theEscalatedSupervisorHandlesItsOwnTaskInTasklist() throws IOException {
    moveClockTo(Instant.parse("2025-01-05T01:00:00Z"));
    recordOptOut(HOSPITAL, patientKey("incident"), LocalDate.of(2024, 12, 9));
    var report = start("2024-12");
    declare("2024-12", 1, false);
    sendOwnManifest("2024-12", List.of(), List.of());
    moveClockTo(timerDue(report.getId(), "Timer_EscalateToSupervisors").plusSeconds(1));
    var wait = logIntoTasklist("nttdata-supervisor");

    wait.until(ExpectedConditions.elementToBeClickable(By.partialLinkText(
        "上申に対応 — Demo Hospital A / デモ病院A (hospital-a) 2024-12"))).click();
    By claim = By.xpath("//*[contains(text(), '担当する')]");
    wait.until(ExpectedConditions.elementToBeClickable(claim)).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(claim));
    By radios = By.cssSelector(".fjs-form input[type=radio]");
    wait.until(d -> d.findElements(radios).size() == 2);
    String form = browser.findElement(By.cssSelector(".fjs-form")).getText();
    assertThat(form).contains("不一致が期限までに解消されていません").contains("NTT Data").contains("nttdata")
        .contains("Acknowledge (the party keeps the task)").contains("Take the task over");

    WebElement acknowledge = browser.findElements(radios).get(0);
    ((JavascriptExecutor) browser).executeScript("arguments[0].click();", acknowledge);
    browser.findElement(By.cssSelector(".fjs-form textarea"))
        .sendKeys("チームに連絡済み、本日訂正 / team called, correcting today", Keys.TAB);
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", acknowledge);
    screenshot("tasklist-handle-escalation-ja.png");
    WebElement complete = wait.until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("button[ng-click='complete()']")));
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView(); arguments[0].click();", complete);

    wait.until(d -> escalations("2024-12").get(0).handling() != null);
    var escalation = escalations("2024-12").get(0);
    assertThat(escalation.handling()).isEqualTo(EscalationHandling.ACKNOWLEDGED);
    assertThat(escalation.handledBy()).isEqualTo("nttdata-supervisor");
    assertThat(escalation.note()).contains("team called");
    assertFollowedNotTakenBy(taskService.createTaskQuery().processInstanceId(report.getId())
        .taskDefinitionKey("Task_ReconcileDiscrepancy").singleResult(), "nttdata-supervisors");
  }
}
