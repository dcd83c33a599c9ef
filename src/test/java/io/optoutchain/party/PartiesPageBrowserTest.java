package io.optoutchain.party;

import static org.assertj.core.api.Assertions.assertThat;

import io.optoutchain.support.BrowserTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/** The administrator adds a hospital on the page and is shown, by line, why a file is refused. */
class PartiesPageBrowserTest extends BrowserTest {

  @Autowired PartyDirectory directory;

  @AfterEach
  void backToTheSeed() {
    SeedOnly.restore(jdbc, identityService, authorizationService);
  }

  @Test
  void theAdministratorAddsAHospitalOnThePageAndSeesARefusedFilesLines() throws Exception {
    var wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    browser.manage().window().setSize(new Dimension(1280, 900));
    browser.get(url("/camunda/app/welcome/default/"));
    fillInTheLoginForm(wait, "demo");
    wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("input[type=password]")));

    browser.get(url("/admin/parties.html"));
    untilLoaded(wait, ExpectedConditions.presenceOfElementLocated(By.cssSelector("tr[data-id='hospital-a']")));
    assertThat(browser.findElement(By.cssSelector("#chains tbody")).getText()).contains("nttdata → ldi → jmimo");

    browser.findElement(By.id("new-party")).click();
    browser.findElement(By.cssSelector("#party input[name=id]")).sendKeys("hospital-p");
    browser.findElement(By.cssSelector("#party input[name=nameJa]")).sendKeys("ページ病院");
    browser.findElement(By.cssSelector("#party input[name=nameEn]")).sendKeys("Page Hospital");
    browser.findElement(By.cssSelector("#party input[name=roles][value=HOSPITAL]")).click();
    browser.findElement(By.cssSelector("#party select[name=chainId] option[value='demo']")).click();
    browser.findElement(By.cssSelector("#party button[type=submit]")).click();

    wait.until(ExpectedConditions.or(ExpectedConditions.textToBePresentInElementLocated(By.id("done"), "hospital-p"),
        ExpectedConditions.textMatches(By.id("error"), java.util.regex.Pattern.compile(".+"))));
    assertThat(browser.findElement(By.id("error")).getText()).isEmpty();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("party-detail"), "nttdata → ldi → jmimo"));
    assertThat(directory.chainsOf("hospital-p")).hasSize(1);
    wait.until(d -> "demo".equals(d.findElement(By.cssSelector("#party select[name=chainId]")).getAttribute("value")));
    browser.executeScript("document.getElementById('party').scrollIntoView()");
    screenshot("admin-parties.png");

    Path file = Files.createTempFile("parties-", ".csv");
    Files.writeString(file, "id,name_ja,name_en,contact_email,roles,chain\n"
        + "h000101,一病院,,,HOSPITAL,demo\n"
        + "h000102,二病院,,,HOSPITAL,no-such-chain\n", StandardCharsets.UTF_8);
    try {
      browser.findElement(By.cssSelector("#import input[type=file]")).sendKeys(file.toString());
      browser.findElement(By.cssSelector("#import button[type=submit]")).click();
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#refusals tbody tr")));
    } finally {
      Files.deleteIfExists(file);
    }
    assertThat(browser.findElement(By.cssSelector("#refusals tbody tr")).getText()).startsWith("3 chain")
        .contains("no-such-chain");
    assertThat(browser.findElement(By.id("import-result")).getText()).contains("nothing of the file was imported");
    assertThat(directory.party("h000101")).isEmpty();
    browser.executeScript("document.getElementById('import').scrollIntoView()");
    screenshot("admin-parties-refused-file.png");
  }
}
