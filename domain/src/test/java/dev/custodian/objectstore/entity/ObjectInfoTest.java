package dev.custodian.objectstore.entity;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ObjectInfoTest {

    @Test
    void aCopyVerifiesBySizeAndEtagOrBySizeAloneForAMultipartSource() {
        assertThat(info(3, "\"abc\"").sameBytesAs(info(3, "\"abc\""))).isTrue();
        assertThat(info(3, "\"abc\"").sameBytesAs(info(3, "\"abd\""))).isFalse();
        assertThat(info(3, "\"abc\"").sameBytesAs(info(4, "\"abc\""))).isFalse();
        assertThat(info(3, "\"abc-2\"").sameBytesAs(info(3, "\"xyz\"")))
                .as("a multipart etag changes in a copy").isTrue();
        assertThat(info(3, "\"abc-2\"").sameBytesAs(info(5, "\"xyz\""))).isFalse();
    }

    private static ObjectInfo info(long size, String etag) {
        return new ObjectInfo("k", size, etag, Instant.EPOCH, null, null);
    }
}
