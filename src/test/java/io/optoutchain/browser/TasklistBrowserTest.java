package io.optoutchain.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.reporting.PeriodStatus;
import io.optoutchain.support.BrowserTest;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import org.camunda.bpm.engine.TaskService;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An LDI operator in a real browser (Debian's headless Chromium, Japanese): logs into Tasklist,
 * opens the acknowledgement, enters what LDI received, completes it, and the report moves on to
 * J-MIMO. Screenshots land in target/screenshots.
 */
class TasklistBrowserTest extends BrowserTest {

  @Autowired TaskService taskService;

  @Test
  void ldiOperatorAcknowledgesInTasklistAndTheReportMovesOnToJmimo() throws IOException {
    recordOptOut(HOSPITAL, patientKey("browser"), LocalDate.of(2024, 12, 2));
    var report = start("2024-12");
    declare("2024-12", 1, false);
    sendCompiledReport("2024-12");
    String digestPrefix = currentReport("2024-12").digest().substring(0, 8);
    var wait = logIntoTasklist(LDI_OPERATOR);

    wait.until(ExpectedConditions.elementToBeClickable(By.partialLinkText("受領した報告を確認 — "))).click();
    By claim = By.xpath("//*[contains(text(), '担当する')]");
    wait.until(ExpectedConditions.elementToBeClickable(claim)).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(claim));
    // Claiming re-renders the form: fill it once it has settled, and check what it holds.
    wait.until(d -> fill(By.cssSelector(".fjs-form input.fjs-input"), "1", digestPrefix));
    assertThat(browser.findElement(By.cssSelector(".fjs-form")).getText())
        .contains("nttdata").contains("2024-12").doesNotContain(digestPrefix);
    screenshot("tasklist-acknowledge-ja.png");
    WebElement complete = wait.until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("button[ng-click='complete()']")));
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView(); arguments[0].click();", complete);

    wait.until(d -> {
      // The check ran in Tasklist's request, once the completion had committed (the job executor is off in tests).
      return taskService.createTaskQuery().processInstanceId(report.getId()).taskCandidateGroup("jmimo-operators")
          .count() == 1;
    });
    assertThat(status("2024-12")).isEqualTo(PeriodStatus.REPORTED);
    assertThat(jdbc.queryForObject("select acknowledged_by from optout.hop_acknowledgement where hop = 1", String.class))
        .isEqualTo(LDI_OPERATOR);

    // An operator has no business in Cockpit; the administrator sees the instance there.
    browser.get(url("/camunda/app/cockpit/default/"));
    assertThat(browser.getPageSource()).contains("This page is not available to you").doesNotContain("Whitelabel");
    browser.manage().deleteAllCookies();
    browser.get(url("/camunda/app/cockpit/default/"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[type=password]")));
    browser.findElement(By.cssSelector("input[type=text]")).sendKeys("demo");
    browser.findElement(By.cssSelector("input[type=password]")).sendKeys("demo");
    browser.findElement(By.cssSelector("button[type=submit]")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".dashboard, .navbar-brand")));
    browser.get(url("/camunda/app/cockpit/default/#/process-instance/" + report.getId()
        + "/runtime"));
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-element-id='Task_AcknowledgeHop']")));
    screenshot("cockpit-monthly-report.png");
  }

  @Test
  void nttDataSeesWhatDisagreedAtWhichHopAndCanPickOnlyACorrectedReport() throws IOException {
    recordOptOut(HOSPITAL, patientKey("browser"), LocalDate.of(2024, 12, 2));
    var report = start("2024-12");
    declare("2024-12", 1, false);
    sendCompiledReport("2024-12");
    acknowledgeAndConfirm(LDI_OPERATOR, "2024-12", 0, "00000000");
    var wait = logIntoTasklist(KEEPER_OPERATOR);

    // The list names the hospital and the month.
    WebElement listed = wait.until(ExpectedConditions.elementToBeClickable(By.partialLinkText(
        "不一致を解消 — Demo Hospital A / デモ病院A (hospital-a) 2024-12")));
    listed.click();
    By claim = By.xpath("//*[contains(text(), '担当する')]");
    wait.until(ExpectedConditions.elementToBeClickable(claim)).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(claim));
    By radios = By.cssSelector(".fjs-form input[type=radio]");
    wait.until(d -> d.findElements(radios).size() == 1
        && d.findElement(By.cssSelector(".fjs-form")).getText().contains("acknowledged: 0"));

    String form = browser.findElement(By.cssSelector(".fjs-form")).getText();
    assertThat(form).contains("What the receiver acknowledged").contains("hop 1: NTT Data / NTTデータ → LDI")
        .contains("The system, checking the acknowledgement of LDI").contains("sent: 1")
        .contains("Send a corrected report").doesNotContain("Correct the hospital's declaration")
        .doesNotContain("Corrected distinct patients");
    assertThat(browser.findElements(By.cssSelector(".fjs-form input[type=number]"))).isEmpty();
    WebElement onlyChoice = browser.findElement(radios);
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});", onlyChoice);
    // The pointer, left where "Claim" was, would show the unclaim button's tooltip over the form.
    new Actions(browser).moveToElement(onlyChoice).perform();
    screenshot("tasklist-reconcile-ja.png");

    ((JavascriptExecutor) browser).executeScript("arguments[0].click();", onlyChoice);
    browser.findElement(By.cssSelector(".fjs-form textarea")).sendKeys("LDI counted the wrong file; re-sent", Keys.TAB);
    WebElement complete = wait.until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("button[ng-click='complete()']")));
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView(); arguments[0].click();", complete);

    wait.until(d -> {
      // The check ran in Tasklist's request, once the completion had committed (the job executor is off in tests).
      return taskService.createTaskQuery().processInstanceId(report.getId()).taskCandidateGroup("ldi-operators")
          .count() == 1;
    });
    assertThat(jdbc.queryForObject("select resolution from optout.discrepancy", String.class))
        .isEqualTo("CORRECTED_REPORT");
  }

  @Test
  void theLedgerKeeperReviewsTheDraftsCountDigestAndKeysBeforeSending() throws IOException {
    recordOptOut(HOSPITAL, patientKey("browser"), LocalDate.of(2024, 12, 2));
    start("2024-12");
    declare("2024-12", 1, false);
    String digest = reports.draftToSend(ref("2024-12")).orElseThrow().digest();
    var wait = logIntoTasklist(KEEPER_OPERATOR);
    wait.until(ExpectedConditions.elementToBeClickable(By.partialLinkText("報告を確認して送付 — "))).click();
    wait.until(d -> d.findElements(By.cssSelector(".fjs-form")).size() == 1
        && d.findElement(By.cssSelector(".fjs-form")).getText().contains(digest));

    String form = browser.findElement(By.cssSelector(".fjs-form")).getText();
    assertThat(form).contains("Distinct patients: 1").contains("Period: 2024-12").contains(patientKey("browser"))
        .doesNotContain("not shown here");
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'});",
        browser.findElement(By.xpath("//*[contains(text(), '" + digest + "')]")));
    screenshot("tasklist-review-and-send-ja.png");
  }

  @Test
  void theLedgerKeeperReplacesTheDraftWithItsOwnSystemsFileAndSendsIt() throws IOException {
    recordOptOut(HOSPITAL, patientKey("browser"), LocalDate.of(2024, 12, 2));
    var report = start("2024-12");
    declare("2024-12", 1, false);
    String own = patientKey("own system");
    String late = patientKey("late one");
    java.nio.file.Path file = java.nio.file.Files.createTempFile("own-report-", ".txt");
    java.nio.file.Files.writeString(file, "optout-report/v1 2024-12\n" + own + "\nlate " + late + "\n");
    var wait = logIntoTasklist(KEEPER_OPERATOR);
    wait.until(ExpectedConditions.elementToBeClickable(By.partialLinkText("報告を確認して送付 — "))).click();
    By claim = By.xpath("//*[contains(text(), '担当する')]");
    wait.until(ExpectedConditions.elementToBeClickable(claim)).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(claim));

    // Claiming re-renders the form, which may drop a file chosen meanwhile: choose it again until
    // the server holds the new draft.
    By chooser = By.cssSelector(".optoutchain-report-file[data-mode=replace] input[type=file]");
    new WebDriverWait(browser, Duration.ofSeconds(30)).pollingEvery(Duration.ofSeconds(3)).until(d -> {
      if (reports.draftToSend(ref("2024-12")).orElseThrow().version() > 1) {
        return true;
      }
      d.findElements(chooser).forEach(input -> input.sendKeys(file.toString()));
      return false;
    });
    // The draft is replaced on the server and the page shows it again.
    wait.until(d -> d.findElements(By.cssSelector(".fjs-form")).size() == 1
        && d.findElement(By.cssSelector(".fjs-form")).getText().contains(own));
    String form = browser.findElement(By.cssSelector(".fjs-form")).getText();
    assertThat(form).contains("Distinct patients: 2").contains(late).doesNotContain(patientKey("browser"));
    screenshot("tasklist-review-own-file-ja.png");

    WebElement confirm = wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector(".fjs-form input[type=checkbox]")));
    ((JavascriptExecutor) browser).executeScript("arguments[0].click();", confirm);
    WebElement complete = wait.until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("button[ng-click='complete()']")));
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView(); arguments[0].click();", complete);

    // What was sent is the keeper's own report, and it is checked as any report is: it names a key
    // the ledger does not hold, so the keeper is asked to reconcile.
    // (The check runs in Tasklist's own request, once the completion has committed: no job executor.)
    wait.until(d -> !discrepancies("2024-12").isEmpty());
    assertThat(currentReport("2024-12").totalCount()).isEqualTo(2);
    assertThat(currentReport("2024-12").supplementCount()).isEqualTo(1);
    assertThat(discrepancies("2024-12")).extracting(d -> d.kind() + " " + d.responsibleParty())
        .containsExactly("KEY_NOT_IN_LEDGER nttdata");
  }

  /** Types the values into the inputs; true once they all hold them. */
  private boolean fill(By inputs, String... values) {
    var fields = browser.findElements(inputs);
    if (fields.size() < values.length) {
      return false;
    }
    for (int i = 0; i < values.length; i++) {
      if (!values[i].equals(fields.get(i).getAttribute("value"))) {
        fields.get(i).clear();
        // Tab out: the form takes a field's value when it loses focus.
        fields.get(i).sendKeys(values[i], Keys.TAB);
      }
    }
    var settled = browser.findElements(inputs);
    for (int i = 0; i < values.length; i++) {
      if (!values[i].equals(settled.get(i).getAttribute("value"))) {
        return false;
      }
    }
    return true;
  }

}
