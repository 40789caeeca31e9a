package dev.custodian.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonDepthTest {

    private static String nested(int levels, String open, String close) {
        return open.repeat(levels) + close.repeat(levels);
    }

    @Test
    void nestingUpToTheLimitPassesAndOneLevelMoreDoesNot() {
        assertThat(JsonDepth.tooDeep(nested(JsonDepth.MAX, "[", "]"))).isFalse();
        assertThat(JsonDepth.tooDeep(nested(JsonDepth.MAX + 1, "[", "]"))).isTrue();
        assertThat(JsonDepth.tooDeep(nested(JsonDepth.MAX, "{\"a\":", "}").replace("{\"a\":}", "{}"))).isFalse();
        assertThat(JsonDepth.tooDeep("{\"a\":".repeat(5000))).as("unclosed, as an attacker sends it").isTrue();
    }

    @Test
    void bracketsInsideStringsAndEscapedQuotesDoNotCount() {
        String brackets = "[".repeat(JsonDepth.MAX * 4);
        assertThat(JsonDepth.tooDeep("{\"name\": \"" + brackets + "\"}")).isFalse();
        assertThat(JsonDepth.tooDeep("{\"name\": \"\\\"" + brackets + "\"}")).as("an escaped quote ends no string")
                .isFalse();
        assertThat(JsonDepth.tooDeep("{\"a\": \"x\\\\\", \"b\": " + nested(JsonDepth.MAX, "[", "]") + "}"))
                .as("an escaped backslash ends the string").isTrue();
    }

    @Test
    void siblingsDoNotAddUp() {
        assertThat(JsonDepth.tooDeep("[" + "[],".repeat(10_000) + "[]]")).isFalse();
    }
}
