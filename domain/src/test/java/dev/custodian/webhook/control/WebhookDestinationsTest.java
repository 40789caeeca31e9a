package dev.custodian.webhook.control;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookDestinationsTest {

    private static String kind(String literal) throws UnknownHostException {
        return WebhookDestinations.restrictedKind(InetAddress.getByName(literal)).orElse("public");
    }

    @Test
    void everyAddressInsideTheNetworkIsNamedForWhatItIs() throws UnknownHostException {
        assertThat(kind("127.0.0.1")).isEqualTo("loopback");
        assertThat(kind("127.200.0.9")).isEqualTo("loopback");
        assertThat(kind("::1")).isEqualTo("loopback");
        assertThat(kind("0.0.0.0")).isEqualTo("unspecified");
        assertThat(kind("::")).isEqualTo("unspecified");
        assertThat(kind("169.254.169.254")).isEqualTo("link-local");
        assertThat(kind("fe80::1")).isEqualTo("link-local");
        assertThat(kind("10.0.0.1")).isEqualTo("private");
        assertThat(kind("172.16.5.4")).isEqualTo("private");
        assertThat(kind("172.31.255.255")).isEqualTo("private");
        assertThat(kind("192.168.1.1")).isEqualTo("private");
        assertThat(kind("fd12:3456::1")).isEqualTo("private");
        assertThat(kind("100.64.0.1")).isEqualTo("reserved");
        assertThat(kind("224.0.0.1")).isEqualTo("multicast");
        assertThat(kind("255.255.255.255")).isEqualTo("reserved");
    }

    @Test
    void ipv4WrittenAsIpv6IsJudgedAsIpv4() throws UnknownHostException {
        assertThat(kind("::ffff:127.0.0.1")).isEqualTo("loopback");
        assertThat(kind("::ffff:169.254.169.254")).isEqualTo("link-local");
        assertThat(kind("::10.0.0.1")).isEqualTo("private");
    }

    @Test
    void publicAddressesPass() throws UnknownHostException {
        assertThat(kind("8.8.8.8")).isEqualTo("public");
        assertThat(kind("172.32.0.1")).isEqualTo("public");
        assertThat(kind("100.128.0.1")).isEqualTo("public");
        assertThat(kind("2001:4860:4860::8888")).isEqualTo("public");
    }

    @Test
    void theSwitchAllowsEverythingAndAnUnresolvableHostIsRefused() {
        assertThat(WebhookDestinations.refusal("127.0.0.1", true)).isEmpty();
        assertThat(WebhookDestinations.refusal("127.0.0.1", false)).get().asString().contains("loopback");
        assertThat(WebhookDestinations.refusal("no-such-host.invalid", false)).get().asString()
                .contains("does not resolve");
    }
}
