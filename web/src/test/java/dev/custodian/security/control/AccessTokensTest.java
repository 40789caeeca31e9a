package dev.custodian.security.control;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessTokensTest {

    private static final String ADMIN = "admin-token-0123456789";
    private static final String APP = "app-token-0123456789";
    private static final String CRON = "cron-secret-0123456789";

    @Test
    void readsEveryRoleAndTheCronSecret() {
        AccessTokens.Parsed parsed = AccessTokens.parse(" admin:" + ADMIN + ", app:" + APP + ",", CRON);
        assertThat(parsed.entries()).extracting(AccessTokens.Entry::role)
                .containsExactly(Role.ADMIN, Role.APP, Role.CRON);
        assertThat(parsed.ignored()).isNull();
    }

    @Test
    void theSameTokenForTwoRolesStopsStartUpNamingTheKeyButNotTheToken() {
        assertThatThrownBy(() -> AccessTokens.parse("admin:" + ADMIN + ",app:" + ADMIN, ""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("custodian.auth.tokens has the same token twice (admin and app): give every token once")
                .hasMessageNotContaining(ADMIN);
    }

    @Test
    void theSameTokenTwiceForOneRoleStopsStartUp() {
        assertThatThrownBy(() -> AccessTokens.parse("app:" + APP + ",app:" + APP, ""))
                .hasMessageStartingWith("custodian.auth.tokens has the same token twice (app and app)");
    }

    @Test
    void aCronSecretEqualToAListedTokenStopsStartUpNamingBothKeys() {
        assertThatThrownBy(() -> AccessTokens.parse("admin:" + ADMIN + ",app:" + APP, " " + APP))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("custodian.cron.secret is the same as the app token of custodian.auth.tokens:"
                        + " give every token once")
                .hasMessageNotContaining(APP);
    }

    @Test
    void aShortCronSecretIsIgnoredAndTheOtherTokensStay() {
        AccessTokens.Parsed parsed = AccessTokens.parse("admin:" + ADMIN + ",app:" + APP, "short");
        assertThat(parsed.entries()).extracting(AccessTokens.Entry::role).containsExactly(Role.ADMIN, Role.APP);
        assertThat(parsed.ignored())
                .isEqualTo("custodian.cron.secret is shorter than 16 characters: it is ignored, the other tokens work");
    }

    @Test
    void aCronSecretIsOneTokenEvenWithCommasInIt() {
        AccessTokens.Parsed parsed = AccessTokens.parse("app:" + APP, "x,admin:" + ADMIN);
        assertThat(parsed.entries()).extracting(AccessTokens.Entry::role).containsExactly(Role.APP, Role.CRON);
    }

    @Test
    void malformedListsStopStartUpNamingTheKey() {
        assertThatThrownBy(() -> AccessTokens.parse(ADMIN, "")).hasMessage("custodian.auth.tokens entries must be"
                + " role:token, one is not");
        assertThatThrownBy(() -> AccessTokens.parse("root:" + ADMIN, ""))
                .hasMessage("custodian.auth.tokens has an unknown role 'root' (app, admin, cron)");
        assertThatThrownBy(() -> AccessTokens.parse("app:short", ""))
                .hasMessage("custodian.auth.tokens has a token shorter than 16 characters (role app)");
    }

    @Test
    void authenticatesByTokenAndRefusesOthers() {
        AccessTokens tokens = new AccessTokens();
        tokens.configured = Optional.of("admin:" + ADMIN + ",app:" + APP);
        tokens.cronSecret = Optional.of("short");
        tokens.load();
        assertThat(tokens.authenticate(APP)).map(Caller::role).contains(Role.APP);
        assertThat(tokens.authenticate("short")).isEmpty();
        assertThat(tokens.configurationError()).isEmpty();
        assertThat(tokens.ignoredSecret()).isPresent();
    }

    @Test
    void noTokensAtAllLeaveTheApiRefusing() {
        AccessTokens tokens = new AccessTokens();
        tokens.configured = Optional.empty();
        tokens.cronSecret = Optional.empty();
        tokens.load();
        assertThat(tokens.configurationError()).contains("custodian.auth.tokens is not set: the API refuses every request");
    }
}
