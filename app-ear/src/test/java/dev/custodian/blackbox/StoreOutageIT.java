package dev.custodian.blackbox;

import dev.custodian.blackbox.Api.Multipart;
import dev.custodian.testing.S3ProxyServer;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The bucket failing during an upload leaves no record claiming an object that does not exist. */
class StoreOutageIT {

    @Test
    void anUploadDuringAnOutageIs503AndLeavesNoRecord() {
        Api api = Api.asApp();
        String user = "u-" + UUID.randomUUID();
        Multipart form = new Multipart().field("user_id", user).field("file_type", "audio")
                .file("a.mp3", "audio/mpeg", new byte[] {1, 2, 3});
        api.get("/api/v1/objects"); // the server is up before the store goes away

        S3ProxyServer.shared().pause();
        try {
            Api.Reply reply = api.postMultipart("/api/v1/objects", form);
            assertThat(reply.status()).as(reply.toString()).isEqualTo(503);
            assertThat(reply.contentType()).startsWith("application/problem+json");
            assertThat(reply.header("Retry-After")).isNotNull();
            assertThat(Api.withToken(null).get("/health/ready").status()).isEqualTo(503);
        } finally {
            S3ProxyServer.shared().resume();
        }

        for (String state : new String[] {"pending", "active"}) {
            assertThat(api.get("/api/v1/objects?user_id=" + user + "&state=" + state).json().getJsonArray("items"))
                    .as(state).isEmpty();
        }
        assertThat(Bucket.keys("users/" + user + "/")).isEmpty();
        Api.Reply retried = api.postMultipart("/api/v1/objects", form);
        assertThat(retried.status()).as("the key was released").isEqualTo(201);
    }
}
