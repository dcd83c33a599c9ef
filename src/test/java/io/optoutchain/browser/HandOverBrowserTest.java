package io.optoutchain.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.process.ProcessKeys;
import io.optoutchain.reporting.PeriodStatus;
import io.optoutchain.support.BrowserTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The hand-over done in the browser (headless Chromium, Japanese): NTT Data sends the report in
 * Tasklist and downloads the file to hand on; LDI chooses that file in its acknowledgement, which
 * counts and digests it in the browser; the hospital declares from its own key list the same way.
 * No API call but the ledger's setup and the month's start.
 */
class HandOverBrowserTest extends BrowserTest {

  @TempDir Path files;

  private WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  private void logIn(String user) {
    browser.manage().deleteAllCookies();
    browser.get(url("/camunda/app/tasklist/default/"));
    fillInTheLoginForm(waiting(), user);
  }

  private void openAndClaim(String taskName) {
    var wait = waiting();
    wait.until(ExpectedConditions.elementToBeClickable(By.partialLinkText(taskName))).click();
    By claim = By.xpath("//*[contains(text(), '担当する')]");
    wait.until(ExpectedConditions.elementToBeClickable(claim)).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(claim));
  }

  private void complete() {
    WebElement complete = waiting().until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("button[ng-click='complete()']")));
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView(); arguments[0].click();", complete);
  }

  private WebElement input(String componentId) {
    return browser.findElement(By.cssSelector(".fjs-form input[id$='-" + componentId + "']"));
  }

  /** Chooses a file in the form's file chooser, once the form has settled and offers it. */
  private void choose(Path file) {
    WebElement chooser = waiting().until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector(".fjs-form input[type=file].optoutchain-report-file-input")));
    chooser.sendKeys(file.toAbsolutePath().toString());
  }

  @Test
  void nttDataDownloadsTheFileItSentAndLdiAcknowledgesByChoosingIt() throws IOException {
    List<String> keys = List.of(patientKey("hand-over 1"), patientKey("hand-over 2"), patientKey("hand-over 3"));
    keys.forEach(key -> recordOptOut(HOSPITAL, key, LocalDate.of(2024, 12, 2)));
    var report = start("2024-12");
    declare("2024-12", 3, false);
    var wait = waiting();

    // NTT Data reviews and sends in Tasklist; the form names the file it will hand on.
    logIn(KEEPER_OPERATOR);
    openAndClaim("報告を確認して送付");
    WebElement download = wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector(".fjs-form a[href$='/api/reports/hospital-a/2024-12/manifest.txt?recipient=jmimo']")));
    assertThat(download.getText()).contains("download the report file");
    String href = download.getDomAttribute("href");
    WebElement confirm = browser.findElement(By.cssSelector(".fjs-form input[type=checkbox]"));
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'}); arguments[0].click();",
        confirm);
    complete();
    wait.until(d -> {
      // The check ran in Tasklist's request, once the completion had committed (the job executor is off in tests).
      return taskService.createTaskQuery().processInstanceId(report.getId()).taskCandidateGroup("ldi-operators")
          .count() == 1;
    });

    // The link of the form, followed with NTT Data's browser session, gives the report of record.
    @SuppressWarnings("unchecked")
    Map<String, Object> fetched = (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript(
        "var done = arguments[arguments.length - 1];"
        + "fetch(arguments[0], {credentials: 'same-origin'}).then(function (r) { return r.text().then(function (t) {"
        + " done({status: r.status, type: r.headers.get('Content-Type'),"
        + " disposition: r.headers.get('Content-Disposition'), text: t}); }); })"
        + ".catch(function (e) { done({status: -1, text: String(e)}); });", href);
    assertThat(fetched.get("status")).isEqualTo(200L);
    assertThat((String) fetched.get("type")).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
    assertThat((String) fetched.get("disposition")).contains("attachment")
        .contains("optout-report-hospital-a-2024-12-jmimo-v1.txt");
    String text = (String) fetched.get("text");
    assertThat(text).isEqualTo(reports.manifestOf(ref("2024-12"), currentReport("2024-12")).canonicalText())
        .startsWith("optout-report/v1 2024-12\n").doesNotContain(currentReport("2024-12").digest().substring(0, 8));
    Path handedOver = Files.writeString(files.resolve("optout-report-hospital-a-2024-12-jmimo-v1.txt"), text,
        StandardCharsets.UTF_8);

    // LDI opens its acknowledgement.
    logIn(LDI_OPERATOR);
    openAndClaim("受領した報告を確認");

    // It chooses the file it was handed: the browser counts and digests it and fills the form.
    String digestPrefix = currentReport("2024-12").digest().substring(0, 8);
    choose(handedOver);
    wait.until(d -> "3".equals(input("Field_AcknowledgedCount").getDomProperty("value"))
        && digestPrefix.equals(input("Field_DigestPrefix").getDomProperty("value"))
        // and the form has taken both: no field still says it is empty
        && d.findElements(By.cssSelector(".fjs-form .fjs-form-field-error")).stream()
            .allMatch(error -> error.getText().isBlank()));
    assertThat(browser.findElement(By.cssSelector(".optoutchain-report-file")).getText())
        .contains("受領したファイルを選択またはドロップ").contains("Choose or drop the file you received")
        .contains("サーバーには送りません").doesNotContain("この作業の対象月は");
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'});",
        browser.findElement(By.cssSelector(".optoutchain-report-file")));
    screenshot("tasklist-acknowledge-from-file-ja.png");
    complete();

    wait.until(d -> {
      // The check ran in Tasklist's request, once the completion had committed (the job executor is off in tests).
      return taskService.createTaskQuery().processInstanceId(report.getId()).taskCandidateGroup("jmimo-operators")
          .count() == 1;
    });
    assertThat(status("2024-12")).isEqualTo(PeriodStatus.REPORTED);
    var acknowledgement = jdbc.queryForMap(
        "select acknowledged_count, digest_prefix, acknowledged_by from optout.hop_acknowledgement where hop = 1");
    assertThat(acknowledgement).containsEntry("acknowledged_count", 3).containsEntry("digest_prefix", digestPrefix)
        .containsEntry("acknowledged_by", LDI_OPERATOR);
    assertThat(discrepancies("2024-12")).isEmpty();
  }

  @Test
  void theHospitalDeclaresByChoosingItsOwnKeyListInAnyOrderWithDuplicates() throws IOException {
    List<String> keys = List.of(patientKey("own 1"), patientKey("own 2"));
    keys.forEach(key -> recordOptOut(HOSPITAL, key, LocalDate.of(2024, 12, 5)));
    var report = start("2024-12");
    // The hospital's own export: unsorted, one key twice, upper case, Windows line ends.
    Path ownKeys = Files.writeString(files.resolve("our-keys-2024-12.txt"),
        keys.get(1).toUpperCase() + "\r\n" + keys.get(0) + "\r\n" + keys.get(1) + "\r\n", StandardCharsets.UTF_8);
    var wait = waiting();

    logIn(HOSPITAL_OPERATOR);
    openAndClaim("自院の件数を申告");
    choose(ownKeys);
    String expected = ledgerDigestPrefix("2024-12");
    wait.until(d -> "2".equals(input("Field_DeclaredCount").getDomProperty("value"))
        && expected.equals(input("Field_DeclaredDigestPrefix").getDomProperty("value")));
    assertThat(browser.findElement(By.cssSelector(".optoutchain-report-file")).getText())
        .contains("自院のキー一覧のファイルを選択またはドロップ");
    screenshot("tasklist-declare-from-file-ja.png");
    complete();

    wait.until(d -> {
      // The check ran in Tasklist's request, once the completion had committed (the job executor is off in tests).
      return taskService.createTaskQuery().processInstanceId(report.getId())
          .taskDefinitionKey(ProcessKeys.TASK_REVIEW_AND_SEND_REPORT).count() == 1;
    });
    assertThat(jdbc.queryForMap("select declared_count, declared_digest_prefix from optout.count_declaration"))
        .containsEntry("declared_count", 2).containsEntry("declared_digest_prefix", expected);
  }

  @Test
  void aCountTypedAsADecimalOrWithAnExponentIsRefusedInJapaneseNotReadAsAnotherNumber() {
    recordOptOut(HOSPITAL, patientKey("typed"), LocalDate.of(2024, 12, 2));
    start("2024-12");
    declare("2024-12", 1, false);
    sendCompiledReport("2024-12");
    var wait = waiting();

    // form-js alone would drop the "." and the "e" and read 15 and 13.
    logIn(LDI_OPERATOR);
    openAndClaim("受領した報告を確認");
    WebElement count = wait.until(d -> input("Field_AcknowledgedCount"));
    count.sendKeys("1.5");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".optoutchain-whole-number"),
        "人数は整数"));
    assertThat(input("Field_AcknowledgedCount").getDomProperty("value")).isEmpty();
    assertThat(browser.findElement(By.cssSelector(".optoutchain-whole-number")).getText()).contains("「1.」");
    input("Field_AcknowledgedCount").sendKeys(Keys.BACK_SPACE, "1e3");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".optoutchain-whole-number"),
        "「1e」"));
    assertThat(input("Field_AcknowledgedCount").getDomProperty("value")).isEmpty();

  }
}
