package io.tunepipe.cli;

import io.tunepipe.localstack.LocalStack;
import io.tunepipe.security.LocalKeys;
import io.tunepipe.security.Roles;
import io.tunepipe.security.TokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console in a real browser (Debian's headless Chromium, driven by Selenium): with everything started by
 * {@code tunepipe up}, the sample is uploaded on the page and watched live until its evaluation (base, base with
 * retrieval and fine-tuned, and the outcome) and its report (a screenshot is kept in {@code target/console.png}),
 * then evaluated again from the page.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROME_BIN", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER",
            "/usr/bin/chromedriver"));
    private static final int PORT_OFFSET = 300;

    private static Path root;
    private static Path home;
    private static Thread up;
    private static WebDriver browser;

    @BeforeAll
    static void startEverything() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: no Chromium here (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "); install Debian's chromium and chromium-driver, as .ci/run does");
        root = Path.of(System.getProperty("tunepipe.root", "..")).toAbsolutePath().normalize();
        home = Files.createTempDirectory("tunepipe-console-it");
        up = new Thread(() -> new CommandLine(new UpCommand()).execute("--no-sample", "--home", home.toString(),
                "--root", root.toString(), "--kafka-port", Integer.toString(LocalStack.freePort()),
                "--kafka-controller-port", Integer.toString(LocalStack.freePort()),
                "--postgres-port", Integer.toString(LocalStack.freePort()),
                "--port-offset", Integer.toString(PORT_OFFSET)), "tunepipe-up");
        up.start();
        Api api = new Api(null);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        for (Service s : Service.ALL) {
            String url = "http://localhost:" + (s.defaultPort() + PORT_OFFSET);
            while (!api.ready(url)) {
                assertThat(up.isAlive()).as("tunepipe up is running; see " + home.resolve("logs")).isTrue();
                assertThat(Instant.now()).as(s.module() + " ready").isBefore(deadline);
                Thread.sleep(500);
            }
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1400,3200",
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .build(), options);
    }

    @AfterAll
    static void stopEverything() throws InterruptedException {
        if (browser != null) {
            browser.quit();
        }
        if (up != null) {
            up.interrupt();
            up.join(Duration.ofMinutes(2).toMillis());
        }
    }

    @Test
    @Order(1)
    void theSampleIsUploadedOnThePageAndWatchedUntilItsReport() throws Exception {
        String console = "http://localhost:" + (Service.CONSOLE.defaultPort() + PORT_OFFSET);
        browser.get(console);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-form")));
        // the login link tunepipe up prints: the token in the fragment, kept by the console in an HttpOnly cookie
        browser.get(console + "/index.html#token=" + token(Roles.OPERATOR));
        wait.until(ExpectedConditions.textMatches(By.id("user"), Pattern.compile("console-it \\(.*operator.*\\)")));
        assertThat(browser.getCurrentUrl()).doesNotContain("token=");
        wait.until(ExpectedConditions.textToBe(By.id("connection"), "live"));
        wait.until(d -> d.findElements(By.cssSelector("#services .tile .pill.ok")).size() == 4);

        browser.findElement(By.id("csv-file")).sendKeys(root.resolve("samples/jonny-whizbang.csv").toString());
        browser.findElement(By.id("upload")).click();
        wait.until(ExpectedConditions.textMatches(By.id("upload-result"), Pattern.compile(
                "(accepted as|seen before, following) dataset \\w+")));

        WebDriverWait run = new WebDriverWait(browser, Duration.ofMinutes(10), Duration.ofSeconds(1));
        run.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#evaluations tbody tr[data-outcome]")));
        WebElement evaluation = browser.findElement(By.cssSelector("#evaluations tbody tr[data-outcome]"));
        // the sample's verdict is the evaluation's to give, promoted or held, but the evaluation must have run
        String outcome = evaluation.getAttribute("data-outcome");
        assertThat(outcome).isIn("PROMOTED", "HELD");
        assertThat(evaluation.findElement(By.cssSelector(".pill.outcome")).getText())
                .isEqualTo(outcome.toLowerCase(Locale.ROOT));
        assertThat(evaluation.findElement(By.cssSelector(".reason")).getText()).isNotBlank();
        assertThat(evaluation.findElements(By.cssSelector("table.scores thead th[data-role]")))
                .extracting(WebElement::getText).containsExactly("base", "base + retrieval", "fine-tuned");
        assertThat(evaluation.findElements(By.cssSelector("table.scores tbody th"))).extracting(WebElement::getText)
                .containsExactly("accuracy", "in-scope refusals", "out-of-scope refusals");
        assertThat(evaluation.findElement(By.cssSelector("table.scores tbody tr")).getText())
                .matches("accuracy \\d+\\.\\d% \\d+\\.\\d% \\d+\\.\\d%");
        assertThat(evaluation.findElements(By.cssSelector("svg.model-accuracy rect[data-role]"))).hasSize(3);
        assertThat(evaluation.getText()).containsPattern("fine-tuning (beat|did not beat) retrieval");

        WebElement dataset = browser.findElement(By.cssSelector("#datasets tbody tr[data-id]"));
        assertThat(dataset.getAttribute("data-stage")).isEqualTo(outcome);
        assertThat(dataset.getText()).contains("jonny-whizbang.csv").contains("172").contains("90 / 37 / 45");
        boolean promoted = outcome.equals("PROMOTED");
        assertThat(browser.findElements(By.cssSelector("#pipeline li.done"))).hasSize(promoted ? 4 : 3);
        assertThat(browser.findElement(By.cssSelector("#pipeline li[data-step='eval']")).getAttribute("class"))
                .isEqualTo(promoted ? "done" : "held");
        assertThat(browser.findElement(By.id("timeline")).getText()).contains("ingested 172 rows")
                .contains("paraphraser kept").contains("succeeded").contains(outcome.toLowerCase(Locale.ROOT) + ": ");
        run.until(d -> !d.findElements(By.cssSelector("#loss-chart polyline")).isEmpty()
                && !d.findElements(By.cssSelector("#accuracy-chart polyline")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#jobs tbody tr[data-id]")).getAttribute("data-status"))
                .isEqualTo("SUCCEEDED");
        assertThat(browser.findElement(By.id("job-progress")).getText()).contains("epoch").contains("checkpoints");
        assertThat(browser.findElements(By.cssSelector("#dead-letters .pill.bad"))).isEmpty();

        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path kept = Path.of("target/console.png");
        Files.copy(shot.toPath(), kept, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(kept)).isGreaterThan(10_000);

        browser.findElement(By.cssSelector("#jobs button[data-action='evaluate']")).click();
        run.until(d -> d.findElements(By.cssSelector("#evaluations tbody tr[data-outcome]")).size() == 2);

        browser.get(browser.findElement(By.cssSelector("#evaluations a.report")).getAttribute("href"));
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("fine-tuned");
    }

    /** A page of another site posting a form to the console (no custom header, foreign origin) is refused. */
    @Test
    @Order(3)
    void aFormPostedFromAnotherSiteIsRefused() {
        String console = "http://localhost:" + (Service.CONSOLE.defaultPort() + PORT_OFFSET);
        String datasets = "http://localhost:" + (Service.INGEST.defaultPort() + PORT_OFFSET) + "/datasets";
        Api api = new Api(token(Roles.VIEWER));
        int before = api.get(datasets).size();
        browser.get("data:text/html,<form method='post' enctype='text/plain' action='" + console
                + "/api/datasets?name=evil.csv'><input name='question,answer%0Aq' value='a'></form>"
                + "<script>document.forms[0].submit()</script>");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().startsWith(console));
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("\"status\":403")
                .contains("may not change anything here");
        assertThat(api.get(datasets).size()).isEqualTo(before);
    }

    private static String token(String role) {
        try {
            return new TokenIssuer(LocalKeys.read(home.resolve("auth")).privateKey()).issue("console-it", role,
                    Duration.ofHours(1));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs after the sample, so that the services have counted something. */
    @Test
    @Order(2)
    void everyMetricOnTheGrafanaDashboardIsPublishedByTheServicesOrTheConsole() throws Exception {
        String dashboard = Files.readString(root.resolve("deploy/grafana/dashboards/tunepipe.json"));
        Set<String> wanted = new TreeSet<>();
        Matcher m = Pattern.compile("(tunepipe_[a-z_]+|http_server_[a-z_]+|jvm_[a-z_]+)").matcher(dashboard);
        while (m.find()) {
            wanted.add(m.group(1));
        }
        assertThat(wanted).contains("tunepipe_console_consumer_lag", "tunepipe_ingest_examples_total");
        HttpClient http = HttpClient.newHttpClient();
        StringBuilder published = new StringBuilder();
        for (Service s : Service.ALL) {
            published.append(http.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                    + (s.defaultPort() + PORT_OFFSET) + "/q/metrics")).build(), BodyHandlers.ofString()).body());
        }
        Set<String> names = new TreeSet<>();
        published.toString().lines().filter(l -> !l.startsWith("#"))
                .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        // a healthy run parks nothing, and a dead-letter topic's gauge appears only once the topic exists
        wanted.remove("tunepipe_console_dead_letters");
        assertThat(names).containsAll(wanted);
    }
}
