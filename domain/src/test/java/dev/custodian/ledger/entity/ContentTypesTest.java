package dev.custodian.ledger.entity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ContentTypesTest {

    @ParameterizedTest
    @CsvSource({"narration.mp3, audio/mpeg", "clip.MP4, video/mp4", "cover.png, image/png", "scan.jpeg, image/jpeg",
            "take.wav, audio/wav", "notes.txt, text/plain", "data.json, application/json",
            "page.html, text/html", "logo.svg, image/svg+xml", "archive.tar.gz, application/gzip",
            "no-extension, application/octet-stream", "odd.zzqx, application/octet-stream"})
    void aFileNameGivesItsExtensionsType(String filename, String type) {
        assertThat(ContentTypes.of(null, filename)).isEqualTo(type);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/octet-stream", "Application/Octet-Stream", "application/octet-stream; q=1",
            "", " "})
    void aTypeThatSaysNothingIsReplacedByTheNames(String declared) {
        assertThat(ContentTypes.of(declared, "narration.mp3")).isEqualTo("audio/mpeg");
    }

    @Test
    void aDeclaredTypeIsKeptWhateverTheName() {
        assertThat(ContentTypes.of("audio/ogg", "narration.mp3")).isEqualTo("audio/ogg");
        assertThat(ContentTypes.of(null, null)).isEqualTo(ContentTypes.UNKNOWN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "TEXT/HTML; charset=utf-8", "image/svg+xml", "application/xhtml+xml",
            "text/xml", "application/xml", "application/javascript", "text/javascript", "application/rss+xml"})
    void markupAndScriptsAreDownloadedNeverShownInline(String type) {
        assertThat(ContentTypes.mustBeDownloaded(type)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"audio/mpeg", "image/png", "video/mp4", "text/plain", "application/json",
            "application/octet-stream"})
    void mediaIsShownInline(String type) {
        assertThat(ContentTypes.mustBeDownloaded(type)).isFalse();
        assertThat(ContentTypes.mustBeDownloaded(null)).isFalse();
    }
}
