package dev.custodian.webhook.control;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where webhooks may be delivered. A delivery is a request the service makes on behalf of whoever
 * registered the webhook, and its errors are shown in the deliveries list: to any address it could
 * reach the database, the cloud's metadata service or the admin ports of the private network, and
 * map them. So loopback, link-local, private (site-local, unique-local, shared address space),
 * unspecified and multicast destinations are refused unless {@code
 * custodian.webhooks.allow-private-network} is set — GitLab's switch for the same danger. The host
 * is checked when the webhook is registered and resolved again before every delivery, since DNS
 * may answer differently later.
 */
public final class WebhookDestinations {

    private WebhookDestinations() {
    }

    /** Why a delivery to this host must not be made (with every address it resolves to checked), or empty. */
    public static Optional<String> refusal(String host, boolean allowPrivateNetwork) {
        if (allowPrivateNetwork) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of("host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> kind = restrictedKind(address);
            if (kind.isPresent()) {
                return Optional.of("host " + host + " resolves to " + address.getHostAddress() + ", a " + kind.get()
                        + " address; only public destinations are allowed (custodian.webhooks.allow-private-network)");
            }
        }
        return Optional.empty();
    }

    /** The kind of network an address belongs to when it is not a public one, else empty. */
    static Optional<String> restrictedKind(InetAddress address) {
        InetAddress plain = unmapped(address);
        if (plain.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (plain.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (plain.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (plain.isSiteLocalAddress()) {
            return Optional.of("private");
        }
        if (plain.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        byte[] bytes = plain.getAddress();
        if (plain instanceof Inet4Address) {
            int first = bytes[0] & 0xFF;
            int second = bytes[1] & 0xFF;
            if (first == 0 || (first == 100 && second >= 64 && second < 128) || (first == 198 && (second == 18 || second == 19))
                    || first >= 240) {
                return Optional.of("reserved");
            }
        } else if (plain instanceof Inet6Address && (bytes[0] & 0xFE) == 0xFC) {
            return Optional.of("private"); // unique local, fc00::/7
        }
        return Optional.empty();
    }

    /** An IPv4 address written as IPv6 (::ffff:a.b.c.d, or the deprecated ::a.b.c.d) is that IPv4 address. */
    private static InetAddress unmapped(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address;
        }
        byte[] bytes = address.getAddress();
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return address;
            }
        }
        boolean mapped = (bytes[10] & 0xFF) == 0xFF && (bytes[11] & 0xFF) == 0xFF;
        boolean compatible = bytes[10] == 0 && bytes[11] == 0 && !(bytes[12] == 0 && bytes[13] == 0 && bytes[14] == 0);
        if (!mapped && !compatible) {
            return address;
        }
        try {
            return InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }
}
