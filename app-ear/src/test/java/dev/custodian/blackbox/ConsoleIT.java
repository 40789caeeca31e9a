package dev.custodian.blackbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: the console in a real headless Chromium against the real jar — sign in, delete a
 * project from the Owners page and watch it finish, run maintenance, quarantine an orphan and
 * restore it — checking the bucket after each step.
 */
class ConsoleIT {

    @RegisterExtension
    static final Browser BROWSER = new Browser();

    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @AfterAll
    static void close() {
        BROWSER.close();
    }

    @BeforeAll
    static void server() {
        CustodianServer.shared();
    }

    /** The console as a new tab sees it: no token kept. */
    private static void signedOut() {
        String console = CustodianServer.shared().uri("/console/").toString();
        BROWSER.open(console);
        ((JavascriptExecutor) BROWSER.driver()).executeScript("sessionStorage.clear()");
        BROWSER.open(console + "#/");
        BROWSER.driver().navigate().refresh();
    }

    private static void signIn(String token) {
        signedOut();
        BROWSER.type("#sign-in input[name=token]", token);
        BROWSER.click("#sign-in button");
        BROWSER.visible("#sign-out");
    }

    private static List<String> navigation() {
        return BROWSER.driver().findElements(By.cssSelector("#nav a")).stream().map(WebElement::getText).toList();
    }

    @Test
    void aBadTokenIsRefusedWithItsProblemAndAnAppTokenSeesNoAdminPage() {
        signedOut();
        BROWSER.type("#sign-in input[name=token]", "not-a-token-at-all");
        BROWSER.click("#sign-in button");
        assertThat(BROWSER.visible(".problem-title").getText()).isNotBlank();
        assertThat(BROWSER.driver().findElements(By.id("sign-out"))).as("not signed in").isEmpty();

        signIn(CustodianServer.APP_TOKEN);
        assertThat(navigation()).contains("Deletions", "Owners", "Usage").doesNotContain("Overview", "Maintenance",
                "Quarantine", "Batch jobs", "Audit");
        BROWSER.open(CustodianServer.shared().uri("/console/#/maintenance").toString());
        BROWSER.awaitText("main h1", "Not found");
    }

    @Test
    void everyPageOfTheAdminOpensWithoutAScriptError() {
        signIn(CustodianServer.ADMIN_TOKEN);
        BROWSER.consoleLog();
        List<String> pages = BROWSER.driver().findElements(By.cssSelector("#nav a")).stream()
                .map(link -> link.getAttribute("data-page")).toList();
        assertThat(pages).contains("overview", "deletions", "owners", "maintenance", "quarantine", "policies", "batch",
                "usage", "audit");
        for (String page : pages) {
            BROWSER.click("#nav a[data-page=" + page + "]");
            BROWSER.await(driver -> driver.findElement(By.cssSelector("#nav a.current")).getAttribute("data-page")
                    .equals(page));
            BROWSER.visible("main h1");
            BROWSER.await(driver -> driver.findElements(By.xpath("//main//p[text()='Loading…']")).isEmpty());
            assertThat(BROWSER.driver().findElements(By.cssSelector(".problem"))).as(page + " shows no problem")
                    .isEmpty();
        }
        assertThat(BROWSER.consoleLog()).as("the browser's console").doesNotContain("SEVERE");
    }

    @Test
    void aProjectDeletedFromTheOwnersPageRunsToACleanFinish() throws Exception {
        String user = "u" + tag;
        String project = "p" + tag;
        String prefix = "users/" + user + "/projects/" + project + "/";
        LedgerSeed.trackedRows(user, project, 20000, 40);
        assertThat(Bucket.keys(prefix)).hasSize(40);

        signIn(CustodianServer.ADMIN_TOKEN);
        BROWSER.visible("#degradation");
        BROWSER.visible(".figure");
        BROWSER.screenshot("console-overview");

        BROWSER.click("#nav a[data-page=owners]");
        BROWSER.type("#owner-lookup input[name=user_id]", user);
        BROWSER.type("#owner-lookup input[name=project_id]", project);
        BROWSER.click("#owner-lookup button");
        BROWSER.awaitText("#plan-summary", "20000 object(s)");
        assertThat(BROWSER.visible("#files-in-bucket").getText()).isEqualTo("40");
        assertThat(Bucket.keys(prefix)).as("a dry run deletes nothing").hasSize(40);

        BROWSER.type("#owner-delete input[name=confirm]", "not-" + project);
        BROWSER.click("#owner-delete button");
        BROWSER.awaitText(".problem-title", "Not confirmed");
        assertThat(Bucket.keys(prefix)).as("a wrong confirmation deletes nothing").hasSize(40);

        BROWSER.type("#owner-delete input[name=confirm]", project);
        BROWSER.type("#owner-delete input[name=reason]", "console test");
        BROWSER.click("#owner-delete button");
        BROWSER.visible("#deletion-progress");
        // the README's picture of a running deletion: taken the first time the bar is part way
        AtomicBoolean shot = new AtomicBoolean();
        BROWSER.await(driver -> {
            String percent = driver.findElement(By.id("deletion-percent")).getText();
            if (!percent.equals("0 %") && !percent.equals("100 %") && !shot.getAndSet(true)) {
                BROWSER.screenshot("console-deletion");
            }
            return percent.equals("100 %");
        });
        BROWSER.awaitText("#deletion-state", "completed");
        BROWSER.awaitText("#verification", "Clean");
        BROWSER.click("#show-keys");
        assertThat(BROWSER.visible("#deletion-keys tbody tr td:nth-child(2)").getText()).isEqualTo("deleted");
        assertThat(BROWSER.driver().findElements(By.cssSelector("#deletion-keys tbody tr"))).as("a first page")
                .hasSize(100);
        assertThat(Bucket.keys(prefix)).as("the bucket holds none of the project").isEmpty();
    }

    @Test
    void anOrphanFoundByADryRunIsQuarantinedOnExecuteAndRestoredFromTheQuarantinePage() {
        String prefix = "users/o" + tag + "/";
        String orphan = prefix + "images/stray.png";
        String kept = "users/k" + tag + "/images/outside.png";
        Bucket.put(orphan, "stray".getBytes(StandardCharsets.UTF_8));
        Bucket.put(kept, "outside".getBytes(StandardCharsets.UTF_8));

        signIn(CustodianServer.ADMIN_TOKEN);
        BROWSER.click("#nav a[data-page=maintenance]");
        BROWSER.type("#maintenance-start input[name=key_prefix]", prefix);
        BROWSER.visible("#maintenance-start select[name=orphan_action] option[value=quarantine]").click();
        BROWSER.type("#maintenance-start input[name=orphan_min_age_days]", "0");
        BROWSER.click("#maintenance-start button");
        BROWSER.awaitText("#run-state", "completed");
        assertThat(BROWSER.visible("#orphaned-files").getText()).isEqualTo("1");
        BROWSER.visible("tr[data-key='" + orphan + "']");
        assertThat(Bucket.read(orphan)).as("a dry run moves nothing").isPresent();

        BROWSER.click("#execute");
        assertThat(BROWSER.accept()).contains("quarantine").contains(prefix);
        BROWSER.awaitText("#run-state", "completed");
        BROWSER.awaitText("#acted", "1 / 0 / 0");
        assertThat(Bucket.read(orphan)).as("moved into the quarantine").isEmpty();
        assertThat(Bucket.keys("_quarantine/")).anyMatch(key -> key.endsWith(orphan));
        assertThat(Bucket.read(kept)).as("outside the prefix: untouched").isPresent();

        BROWSER.click("#nav a[data-page=quarantine]");
        BROWSER.click("tr[data-key='" + orphan + "'] button.restore");
        assertThat(BROWSER.accept()).contains(orphan);
        BROWSER.awaitText("#notice", "Restored");
        Await.until("the orphan back at its key", () -> Bucket.read(orphan), bytes -> bytes.isPresent(),
                Duration.ofSeconds(30));
        assertThat(new String(Bucket.read(orphan).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo("stray");
    }
}
