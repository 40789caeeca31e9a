package dev.custodian.mail.control;

import dev.custodian.configuration.DurationSetting;
import dev.custodian.configuration.StartUpCheck;
import dev.custodian.outbox.control.OutboxBackoff;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The SMTP server and who gets the summaries; each key is declared here once, with its default.
 * Without {@code custodian.mail.host} mail is off: nothing is queued, nothing is sent. With it,
 * a sender and at least one recipient are required. Every value is checked while the application
 * deploys, so a bad one stops start-up naming its key instead of failing a send later.
 */
@ApplicationScoped
public class MailSettings {

    private static final String PREFIX = "custodian.mail";
    static final String HOST = PREFIX + ".host";
    static final String PORT = PREFIX + ".port";
    static final String FROM = PREFIX + ".from";
    static final String TO = PREFIX + ".to";
    static final String USER = PREFIX + ".user";
    static final String PASSWORD = PREFIX + ".password";
    static final String STARTTLS = PREFIX + ".starttls";
    static final String CONSOLE_URL = PREFIX + ".console-url";
    static final String TIMEOUT = PREFIX + ".timeout";
    /** Sent and failed mails stay in the outbox this long, for whoever looks into a missing one. */
    static final Duration KEEP_SETTLED = Duration.ofDays(30);

    @Inject
    @ConfigProperty(name = HOST)
    Optional<String> host;

    @Inject
    @ConfigProperty(name = PORT, defaultValue = "25")
    String portText;

    @Inject
    @ConfigProperty(name = FROM)
    Optional<String> fromText;

    /** Recipients, comma separated (RFC 822 addresses). */
    @Inject
    @ConfigProperty(name = TO)
    Optional<String> toText;

    @Inject
    @ConfigProperty(name = USER)
    Optional<String> user;

    /** A secret: from the environment ({@code CUSTODIAN_MAIL_PASSWORD}). */
    @Inject
    @ConfigProperty(name = PASSWORD)
    Optional<String> password;

    /** Whether the connection must be upgraded with STARTTLS before anything is sent (refused if the server cannot). */
    @Inject
    @ConfigProperty(name = STARTTLS, defaultValue = "false")
    String starttlsText;

    /** Where operators reach the console; the mails link to its pages. */
    @Inject
    @ConfigProperty(name = CONSOLE_URL, defaultValue = "http://127.0.0.1:8080/console/")
    String consoleUrlText;

    @Inject
    @ConfigProperty(name = PREFIX + ".max-attempts", defaultValue = "10")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = PREFIX + ".backoff-base", defaultValue = "PT30S")
    String backoffBaseText;

    @Inject
    @ConfigProperty(name = PREFIX + ".backoff-max", defaultValue = "PT30M")
    String backoffMaxText;

    /** The limit of connecting, and of each read and write, of one SMTP exchange. */
    @Inject
    @ConfigProperty(name = TIMEOUT, defaultValue = "PT20S")
    String timeoutText;

    private int port;
    private InternetAddress from;
    private List<InternetAddress> to;
    private boolean starttls;
    private String consoleUrl;
    private OutboxBackoff backoff;
    private Duration timeout;

    void atStartUp(@Observes @Initialized(ApplicationScoped.class) Object application) {
        // reading one value runs the checks of @PostConstruct while the application deploys
        enabled();
    }

    @PostConstruct
    void check() {
        StartUpCheck.run(MailSettings.class, () -> {
            host = host.map(String::trim).filter(h -> !h.isEmpty());
            port = port(portText);
            starttls = flag(STARTTLS, starttlsText);
            consoleUrl = consoleUrl(consoleUrlText);
            backoff = OutboxBackoff.configured(PREFIX, maxAttempts, backoffBaseText, backoffMaxText);
            timeout = DurationSetting.positive(TIMEOUT, timeoutText);
            if (password.isPresent() && user.isEmpty()) {
                throw new IllegalStateException(PASSWORD + " is set but " + USER + " is not: set both or neither");
            }
            if (host.isPresent()) {
                from = address(FROM, fromText.orElseThrow(() -> required(FROM)));
                to = addresses(toText.orElseThrow(() -> required(TO)));
            }
        });
    }

    /** False while {@code custodian.mail.host} is unset: then no mail is queued or sent. */
    public boolean enabled() {
        return host.isPresent();
    }

    public String host() {
        return host.orElseThrow();
    }

    public int port() {
        return port;
    }

    public InternetAddress from() {
        return from;
    }

    public List<InternetAddress> to() {
        return to;
    }

    public Optional<String> user() {
        return user;
    }

    public Optional<String> password() {
        return password;
    }

    public boolean starttls() {
        return starttls;
    }

    /** The console's address, ending in '/'. */
    public String consoleUrl() {
        return consoleUrl;
    }

    public OutboxBackoff backoff() {
        return backoff;
    }

    public Duration timeout() {
        return timeout;
    }

    private static IllegalStateException required(String key) {
        return new IllegalStateException(key + " is required when " + HOST + " is set");
    }

    private static int port(String text) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= 1 && value <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalStateException(PORT + " must be a port number 1..65535, is " + text);
    }

    private static boolean flag(String key, String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalStateException(key + " must be true or false, is " + text);
        };
    }

    private static String consoleUrl(String text) {
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawQuery() == null && uri.getRawFragment() == null) {
                String url = uri.toString();
                return url.endsWith("/") ? url : url + "/";
            }
        } catch (URISyntaxException e) {
            // said below
        }
        throw new IllegalStateException(CONSOLE_URL + " must be an absolute http(s) URL with no query or fragment,"
                + " such as https://custodian.example.com/console/, is " + text);
    }

    private static InternetAddress address(String key, String text) {
        try {
            InternetAddress address = new InternetAddress(text.trim(), true);
            address.validate();
            return address;
        } catch (AddressException e) {
            throw new IllegalStateException(key + " must be an email address, is '" + text + "': " + e.getMessage());
        }
    }

    private static List<InternetAddress> addresses(String text) {
        List<InternetAddress> list = List.of(text.split(",")).stream().map(String::trim).filter(a -> !a.isEmpty())
                .map(a -> address(TO, a)).toList();
        if (list.isEmpty()) {
            throw new IllegalStateException(TO + " must name at least one email address");
        }
        return list;
    }
}
