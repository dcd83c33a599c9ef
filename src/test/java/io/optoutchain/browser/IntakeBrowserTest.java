package io.optoutchain.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.support.BrowserTest;
import io.optoutchain.support.HeadlessChromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * An opt-out request in a real browser (headless Chromium, Japanese): LDI's operator confirms it blind in
 * Tasklist, typing the key's first 8 hex digits and picking the day in the form's date field, and the request
 * moves on to NTT Data; the hospital follows it on its page.
 */
class IntakeBrowserTest extends BrowserTest {

  @Test
  void ldiConfirmsARequestBlindInTasklistAndTheHospitalSeesItWaitForNttData() throws IOException {
    String key = patientKey("intake in the browser");
    var accepted = rest.withBasicAuth(HOSPITAL_OPERATOR, "demo").postForEntity("/api/intake", Map.of(
        "clientRequestId", "browser-1", "patientKey", key, "kind", "STOP_PROVISION", "receivedOn", "2024-12-27"),
        String.class);
    assertThat(accepted.getStatusCode().value()).isEqualTo(202);
    var wait = logIntoTasklist(LDI_OPERATOR);

    wait.until(ExpectedConditions.elementToBeClickable(By.partialLinkText("受付を確認 — Demo Hospital A"))).click();
    By claim = By.xpath("//*[contains(text(), '担当する')]");
    wait.until(ExpectedConditions.elementToBeClickable(claim)).click();
    wait.until(ExpectedConditions.invisibilityOfElementLocated(claim));
    wait.until(d -> !d.findElements(By.cssSelector(".fjs-form input")).isEmpty());
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/intake-form.html"),
        browser.findElement(By.cssSelector(".fjs-form")).getAttribute("outerHTML"));
    String shown = browser.findElement(By.cssSelector(".fjs-form")).getText();
    assertThat(shown).contains("Demo Hospital A").contains("LDI").doesNotContain(key.substring(0, 8))
        .doesNotContain("2024-12-27");

    wait.until(d -> fill(By.cssSelector(".fjs-form input.fjs-input[type=text]:not([id*='date'])"), key.substring(0, 8)));
    WebElement day = browser.findElement(By.cssSelector(".fjs-form input[id*='date']"));
    day.click();
    day.sendKeys("12/27/2024", Keys.ENTER);
    day.sendKeys(Keys.TAB);
    screenshot("tasklist-intake-confirm-ja.png");
    WebElement complete = wait.until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("button[ng-click='complete()']")));
    ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView(); arguments[0].click();", complete);

    wait.until(d -> jdbc.queryForObject("select count(*) from optout.intake_confirmation", Integer.class) == 1);
    untilTheChecksHaveRun(wait);
    assertThat(jdbc.queryForObject("select stated_key_prefix || ' ' || stated_received_on || ' ' || key_agrees || ' '"
        + " || date_agrees from optout.intake_confirmation", String.class))
        .isEqualTo(key.substring(0, 8) + " 2024-12-27 true true");
    assertThat(jdbc.queryForObject("select current_hop from optout.intake_request", Integer.class)).isEqualTo(2);

    logOutOfTasklist(wait);
    logIntoTasklist(HOSPITAL_OPERATOR);
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".task-filters")));
    browser.get(url("/audit/intake.html"));
    untilLoaded(wait, d -> d.findElements(By.cssSelector("#requests tbody tr")).size() == 1);
    String row = browser.findElement(By.cssSelector("#requests tbody tr")).getText();
    assertThat(row).contains("2024-12-27").contains("確認待ち / CONFIRMING").contains("NTT Data").contains("2 / 2");
    assertThat(browser.findElement(By.id("hospital-choice")).isDisplayed()).isFalse();
    screenshot("intake-hospital-page.png");
  }

  @Test
  void aRegulatorFindsAHospitalByTypingItsNameAndSeesItsRequests() throws IOException {
    var accepted = rest.withBasicAuth(HOSPITAL_OPERATOR, "demo").postForEntity("/api/intake", Map.of(
        "clientRequestId", "browser-2", "patientKey", patientKey("intake of hospital-a"), "kind", "STOP_PROVISION",
        "receivedOn", "2024-12-27"), String.class);
    assertThat(accepted.getStatusCode().value()).isEqualTo(202);
    var wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    HeadlessChromium.logInWithBasic(browser, "regulator", "demo");

    browser.get(url("/audit/intake.html"));
    // Until one is chosen, the first hospital in id order.
    untilLoaded(wait, d -> d.findElements(By.cssSelector("#requests tbody tr")).size() == 1);
    WebElement hospital = browser.findElement(By.cssSelector("#filter input[name=hospital]"));
    assertThat(hospital.getAttribute("value")).isEqualTo("hospital-a");

    hospital.clear();
    hospital.sendKeys("Hospital B");
    By hospitalB = By.cssSelector("#hospital-options option[value='hospital-b']");
    untilLoaded(wait, ExpectedConditions.presenceOfElementLocated(hospitalB));
    assertThat(browser.findElements(By.cssSelector("#hospital-options option"))).extracting(o -> o.getAttribute("value"))
        .contains("hospital-b").doesNotContain("hospital-a", "hospital-c");
    screenshot("intake-overseer-hospital-search.png");
    hospital.clear();
    hospital.sendKeys("hospital-b", Keys.ENTER);

    wait.until(ExpectedConditions.urlContains("hospitalId=hospital-b"));
    untilLoaded(wait, ExpectedConditions.textToBePresentInElementLocated(By.id("count"), "0 件中"));
    assertThat(browser.findElements(By.cssSelector("#requests tbody tr"))).isEmpty();
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
