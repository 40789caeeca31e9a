package dev.custodian.keys.entity;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ParsedKeyTest {

    private static final KeyTemplate TEMPLATE = KeyTemplate.of("t", "x/{project_id}/{filename}");
    private static final KeyParts A = new KeyParts(null, "a", null, null, "f");
    private static final KeyParts B = new KeyParts(null, "b", null, null, "f");

    @Test
    void partsOnlyWhenMatched() {
        assertThat(new ParsedKey("x/a/f", ParseOutcome.MATCHED, TEMPLATE, List.of(A)).parts()).contains(A);
        assertThat(new ParsedKey("k", ParseOutcome.AMBIGUOUS, TEMPLATE, List.of(A, B)).parts()).isEmpty();
        assertThat(new ParsedKey("k", ParseOutcome.UNPARSEABLE, null, List.of()).parts()).isEmpty();
    }

    @Test
    void candidateCountMustFitTheOutcome() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ParsedKey("k", ParseOutcome.MATCHED, TEMPLATE, List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> new ParsedKey("k", ParseOutcome.MATCHED, TEMPLATE, List.of(A, B)));
        assertThatIllegalArgumentException().isThrownBy(() -> new ParsedKey("k", ParseOutcome.AMBIGUOUS, TEMPLATE, List.of(A)));
        assertThatIllegalArgumentException().isThrownBy(() -> new ParsedKey("k", ParseOutcome.UNPARSEABLE, null, List.of(A)));
        assertThatIllegalArgumentException().isThrownBy(() -> new ParsedKey("k", ParseOutcome.UNPARSEABLE, TEMPLATE, List.of()));
    }

    @Test
    void candidatesAreCopied() {
        List<KeyParts> given = new ArrayList<>(List.of(A, B));
        ParsedKey parsed = new ParsedKey("k", ParseOutcome.AMBIGUOUS, null, given);
        given.clear();
        assertThat(parsed.candidates()).containsExactly(A, B);
    }
}
