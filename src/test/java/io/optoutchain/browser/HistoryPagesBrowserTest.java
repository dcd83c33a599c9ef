package io.optoutchain.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.reporting.Resolution;
import io.optoutchain.support.BrowserTest;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The administrator finds a finished month in the history, which Cockpit's free edition no longer
 * shows, and reads its whole story; a regulator who opens Tasklist is told what it may use instead.
 */
class HistoryPagesBrowserTest extends BrowserTest {

  private WebDriverWait logIn(String user) {
    var wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    browser.manage().window().setSize(new Dimension(1280, 900));
    browser.get(url("/camunda/app/welcome/default/"));
    fillInTheLoginForm(wait, user);
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("input[type=password]")));
    return wait;
  }

  @BeforeEach
  void forgetFinishedInstancesOfEarlierTests() {
    forgetFinishedInstances();
  }

  @Test
  void administratorFindsTheReconciledMonthFromTheWelcomePageAndReadsWhoDidWhat() throws IOException {
    recordOptOut(HOSPITAL, patientKey("incident"), LocalDate.of(2024, 12, 9));
    String december = start("2024-12").getId();
    declare("2024-12", 1, false);
    sendOwnManifest("2024-12", List.of(), List.of());
    resolve(KEEPER_OPERATOR, "2024-12", Resolution.CORRECTED_REPORT, "sent January's file by mistake", null, null);
    acknowledgeWhatWasSent(LDI_OPERATOR, "2024-12");
    acknowledgeWhatWasSent(JMIMO_OPERATOR, "2024-12");
    confirmAppliedAsTheLedgerHasIt("2024-12");

    var wait = logIn("demo");
    // The Welcome page links to the history.
    var link = wait.until(ExpectedConditions.visibilityOfElementLocated(By.linkText("監査・履歴 / Audit and history")));
    screenshot("welcome-history-link.png");
    link.click();

    // The hospital filter searches as one types: the datalist offers the hospitals matching, by name too.
    By hospital = By.cssSelector("#filter input[name=hospital]");
    wait.until(ExpectedConditions.elementToBeClickable(hospital)).sendKeys("デモ病院A");
    By hospitalA = By.cssSelector("#hospital-options option[value='hospital-a']");
    wait.until(ExpectedConditions.or(ExpectedConditions.presenceOfElementLocated(hospitalA),
        ExpectedConditions.textMatches(By.id("error"), java.util.regex.Pattern.compile(".+"))));
    assertThat(browser.findElement(By.id("error")).getText()).as(browser.getCurrentUrl()).isEmpty();
    assertThat(browser.findElement(hospitalA).getAttribute("label")).isEqualTo("Demo Hospital A / デモ病院A");
    browser.findElement(hospital).clear();
    browser.findElement(hospital).sendKeys("hospital-a");
    browser.findElement(By.cssSelector("#filter input[name=period]")).sendKeys("2024-12");
    browser.findElement(By.cssSelector("#filter select[name=status] option[value='RECONCILED']")).click();
    browser.findElement(By.cssSelector("#filter button[type=submit]")).click();
    // The list may render again after the filter is applied: read and click the row as it stands then.
    By row = By.cssSelector("tr[data-id='" + december + "']");
    String rowText = wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> d.findElements(row).isEmpty() ? null : d.findElement(row).getText());
    assertThat(rowText).contains("hospital-a:2024-12", "照合完了 / RECONCILED", "完了 / COMPLETED", "デモ病院A");
    @SuppressWarnings("unchecked")
    var rows = (List<String>) browser.executeScript(
        "return [...document.querySelectorAll('#instances tbody tr')].map(r => r.innerText);");
    assertThat(rows).isNotEmpty().allSatisfy(text -> assertThat(text).contains("照合完了"));
    screenshot("history-list.png");

    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
      d.findElement(row).findElement(By.tagName("a")).click();
      return true;
    });
    wait.until(ExpectedConditions.or(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#sections h2")),
        ExpectedConditions.textMatches(By.id("error"), java.util.regex.Pattern.compile(".+"))));
    assertThat(browser.findElement(By.id("error")).getText()).isEmpty();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("discrepancies"), "sent January's file by mistake"));
    assertThat(browser.findElement(By.id("tasks")).getText())
        .contains(HOSPITAL_OPERATOR, KEEPER_OPERATOR, LDI_OPERATOR, JMIMO_OPERATOR, "hospital-a-operators");
    assertThat(browser.findElement(By.id("activities")).getText()).contains("照合");
    assertThat(browser.findElement(By.id("acknowledgements")).getText()).contains("ldi", "jmimo");
    assertThat(browser.findElement(By.id("summary")).getText()).contains("完了 / COMPLETED");
    screenshot("history-instance.png");
    // Readable at 1280 px: no table runs off the side of the page.
    Number overflow = (Number) browser.executeScript(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    assertThat(overflow.intValue()).isLessThanOrEqualTo(0);

    browser.findElement(By.id("timeline-link")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "PERIOD_RECONCILED"));
    assertThat(browser.findElement(By.tagName("nav")).getText()).contains("履歴 / History");
  }

  @Test
  void regulatorOpeningTasklistIsToldWhatItMayUseNotShownAWhitelabelPage() throws IOException {
    var wait = logIn("regulator");

    // Cockpit too: its free edition shows Delete, Edit and Suspend to every user, and a regulator
    // reads every instance and its history on the history pages instead.
    for (String app : List.of("tasklist", "admin", "cockpit")) {
      browser.get(url("/camunda/app/" + app + "/"));
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("forbidden")));
      String page = browser.findElement(By.tagName("body")).getText();
      assertThat(page).as(app).doesNotContain("Whitelabel").contains("このページは利用できません",
          "not available to you", "履歴 / History");
      screenshot("forbidden-" + app + ".png");
    }

    browser.findElement(By.linkText("履歴 / History")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#instances tbody")));
    assertThat(browser.getCurrentUrl()).contains("/audit/history.html");
  }
}
