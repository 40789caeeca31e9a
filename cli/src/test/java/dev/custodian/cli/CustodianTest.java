package dev.custodian.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Flags, errors and API problems: each is exit 2 with a message, and a refused command sends nothing. */
class CustodianTest {

    private final FakeService service = new FakeService();

    @AfterEach
    void stop() {
        service.close();
    }

    @Test
    void badFlagsAndValuesExit2WithTheMessageAndSendNothing() {
        assertThat(service.run(null, "maintenance", "--bogus")).satisfies(run -> {
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains("Unknown option: '--bogus'").contains("custodian maintenance --help");
        });
        assertThat(service.run(null, "maintenance", "--min-age-days", "ten")).satisfies(run -> {
            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).contains("'ten' is not an int");
        });
        assertThat(service.run(null, "maintenance", "--orphan-action", "shred").err())
                .contains("--orphan-action").contains("shred");
        assertThat(service.run(null, "clear", "--prefix", "users/u1/").err()).contains("--confirm");
        assertThat(service.run(null, "migrate", "--user", "u1", "--project", "p1").exit()).isEqualTo(2);
        assertThat(service.run(null, "delete", "project").err()).contains("PROJECT_ID");
        assertThat(service.run(null, "receipt", "d1", "--version-id", "v1").err()).contains("--version-id needs --key");
        assertThat(service.requests()).as("nothing reached the service").isEmpty();
    }

    @Test
    void executeWithoutAConfirmationOffATerminalIsRefusedBeforeAnyCall() {
        FakeService.Run run = service.run(null, "maintenance", "--prefix", "users/u1/", "--execute");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--confirmation-token").contains("nothing was started");
        FakeService.Run stray = service.run(null, "maintenance", "--confirmation-token", "t0");
        assertThat(stray.exit()).isEqualTo(2);
        assertThat(stray.err()).contains("only with --execute");
        assertThat(service.requests()).isEmpty();
    }

    @Test
    void aProblemShowsItsTitleDetailAndFieldErrorsUnderTheirFlags() {
        service.answer("POST", "/api/v1/maintenance/runs", new FakeService.Answer(400, "application/problem+json",
                "{\"type\":\"https://custodian.dev/problems/invalid-request\",\"title\":\"Invalid request\","
                        + "\"status\":400,\"detail\":\"invalid input\",\"instance\":\"urn:uuid:1234\",\"errors\":"
                        + "[{\"field\":\"key_prefix\",\"message\":\"must end with /\"}]}", Map.of()));
        FakeService.Run run = service.run(null, "maintenance", "--prefix", "users/x");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("400 Invalid request: invalid input")
                .contains("key_prefix (--prefix): must end with /").contains("urn:uuid:1234");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aRateLimitShowsWhenToTryAgain() {
        service.answer("POST", "/api/v1/cleanup/bulk", new FakeService.Answer(429, "application/problem+json",
                "{\"title\":\"Too many requests\",\"status\":429,\"detail\":\"bulk-cleanup: 30 a minute\"}",
                Map.of("Retry-After", "17")));
        FakeService.Run run = service.run(null, "cleanup");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("429 Too many requests: bulk-cleanup: 30 a minute").contains("retry after 17 s");
    }

    @Test
    void theTokenIsSentButNeverPrinted() {
        service.answer("GET", "/api/v1/usage", new FakeService.Answer(401, "application/problem+json",
                "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"unknown token\"}", Map.of()));
        FakeService.Run refused = service.run(null, "usage");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("401 Unauthorized").contains("CUSTODIAN_TOKEN");
        FakeService.Run help = service.run(null, "usage", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--token");
        assertThat(refused.out() + refused.err() + help.out() + help.err()).doesNotContain("test-token-0123456789");
    }

    @Test
    void anUnreachableServiceIsAnErrorNamingTheUrl() {
        int exit = Custodian.run(new Terminal(System.out, System.err, null, false), "usage", "--url",
                "http://127.0.0.1:9", "--token", "t0123456789abcdef");
        assertThat(exit).isEqualTo(2);
        assertThat(Custodian.run(new Terminal(System.out, System.err, null, false), "usage", "--url", "ftp://x",
                "--token", "t0123456789abcdef")).isEqualTo(2);
    }
}
