package dev.custodian.blackbox;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;
import java.util.function.Supplier;

/**
 * A server of the test class's own, on the shared database, with some settings changed: started
 * before the class's first test, killed after its last. Register it as a static field with
 * {@code @RegisterExtension}.
 */
final class OwnServer implements BeforeAllCallback, AfterAllCallback {

    private final Supplier<Map<String, String>> settings;
    private CustodianServer server;

    /** The settings are asked for when the server starts, after what they name was set up. */
    OwnServer(Supplier<Map<String, String>> settings) {
        this.settings = settings;
    }

    OwnServer(Map<String, String> settings) {
        this(() -> settings);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = CustodianServer.withSettings(settings.get());
        server.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.kill();
        }
    }

    CustodianServer get() {
        return server;
    }
}
