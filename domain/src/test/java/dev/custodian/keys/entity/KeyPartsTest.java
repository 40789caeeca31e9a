package dev.custodian.keys.entity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class KeyPartsTest {

    @ParameterizedTest
    @CsvSource(nullValues = "NULL", value = {
            "narration.mp3, mp3",
            "archive.tar.gz, gz",
            "proj_proj_abc_s1_media.mp4, mp4",
            ".bashrc, bashrc",
            "README, NULL",
            "trailing., NULL",
            "NULL, NULL"})
    void extIsTheTextAfterTheLastDot(String filename, String ext) {
        assertThat(new KeyParts("u", "p", "s", "audio", filename).ext()).isEqualTo(ext);
    }
}
