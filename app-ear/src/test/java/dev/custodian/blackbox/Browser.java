package dev.custodian.blackbox;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Debian's headless Chromium driven through its chromedriver (no driver download), one for a test
 * class. A test that fails leaves a screenshot and the page's console log under
 * {@code target/browser/}.
 */
final class Browser implements AfterTestExecutionCallback, AutoCloseable {

    static final Path OUTPUT = Path.of("target", "browser");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private WebDriver driver;

    WebDriver driver() {
        if (driver == null) {
            ChromeOptions options = new ChromeOptions();
            options.setBinary(executable("chromium"));
            options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                    "--window-size=1280,900");
            options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(executable("chromedriver"))).usingAnyFreePort().build();
            driver = new ChromeDriver(service, options);
        }
        return driver;
    }

    private static String executable(String name) {
        for (String folder : System.getenv("PATH").split(File.pathSeparator)) {
            File candidate = new File(folder, name);
            if (candidate.canExecute()) {
                return candidate.getPath();
            }
        }
        throw new IllegalStateException(name + " is not installed: bin/test installs chromium and chromium-driver");
    }

    void open(String url) {
        driver().get(url);
    }

    <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver(), PATIENCE).until(condition);
    }

    WebElement visible(String css) {
        return await(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    void awaitText(String css, String text) {
        await(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    void type(String css, String text) {
        WebElement field = visible(css);
        field.clear();
        field.sendKeys(text);
    }

    void click(String css) {
        await(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    /** Accepts the page's "asks once" dialog, returning what it said. */
    String accept() {
        var alert = await(ExpectedConditions.alertIsPresent());
        String text = alert.getText();
        alert.accept();
        return text;
    }

    Path screenshot(String name) {
        try {
            Files.createDirectories(OUTPUT);
            Path file = OUTPUT.resolve(name + ".png");
            Files.write(file, ((ChromeDriver) driver()).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String consoleLog() {
        return driver().manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString)
                .collect(Collectors.joining("\n"));
    }

    @Override
    public void afterTestExecution(ExtensionContext context) throws IOException {
        if (context.getExecutionException().isPresent() && driver != null) {
            String name = "failed-" + context.getRequiredTestMethod().getName();
            screenshot(name);
            Files.writeString(OUTPUT.resolve(name + ".log"), driver.getCurrentUrl() + "\n" + consoleLog());
        }
    }

    @Override
    public void close() {
        if (driver != null) {
            driver.quit();
            driver = null;
        }
    }
}
