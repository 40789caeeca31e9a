package dev.custodian.blackbox;

import dev.custodian.testing.S3MockServer;
import dev.custodian.testing.StoreHttpProxy;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.ObjectLockLegalHoldStatus;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * S3Mock behind a proxy that enforces Object Lock on DeleteObjects as AWS S3 does (S3Mock 4.11.0
 * deletes a version under a legal hold or retention and answers "Deleted"): a version under a
 * legal hold, compliance retention, or governance retention without {@code
 * x-amz-bypass-governance-retention} stays, and its entry is S3's error, {@code AccessDenied}
 * "Access Denied because object protected by object lock.". Every other request passes unchanged.
 */
final class ObjectLockProxy implements AutoCloseable {

    private final S3Client direct;
    private final StoreHttpProxy proxy;

    ObjectLockProxy(S3MockServer s3) {
        this.direct = S3Client.builder().endpointOverride(URI.create(s3.endpoint())).region(Region.US_EAST_1)
                .forcePathStyle(true).requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3MockServer.ACCESS_KEY,
                        S3MockServer.SECRET_KEY))).build();
        this.proxy = new StoreHttpProxy(s3.endpoint(), this::answer);
    }

    String endpoint() {
        return proxy.endpoint();
    }

    /** A client straight to S3Mock, for the test's own looks and settings (holds, versions). */
    S3Client direct() {
        return direct;
    }

    private Optional<StoreHttpProxy.Reply> answer(StoreHttpProxy.Request request) {
        if (!request.method().equals("POST") || !request.query().startsWith("delete")) {
            return Optional.empty();
        }
        String bucket = request.exchange().getRequestURI().getPath().substring(1);
        boolean bypass = "true".equalsIgnoreCase(request.exchange().getRequestHeaders().getFirst(
                "x-amz-bypass-governance-retention"));
        return Optional.of(new StoreHttpProxy.Reply(200, "application/xml", deleteObjects(bucket, request.body(), bypass)));
    }

    private byte[] deleteObjects(String bucket, byte[] body, boolean bypass) {
        List<ObjectIdentifier> allowed = new ArrayList<>();
        StringBuilder errors = new StringBuilder();
        for (ObjectIdentifier id : identifiers(body)) {
            // S3 refuses only deletes of a version; without a version id it just adds a marker
            if (id.versionId() != null && locked(bucket, id, bypass)) {
                errors.append("<Error><Key>").append(escaped(id.key())).append("</Key><VersionId>")
                        .append(escaped(id.versionId())).append("</VersionId><Code>AccessDenied</Code><Message>"
                                + "Access Denied because object protected by object lock.</Message></Error>");
            } else {
                allowed.add(id);
            }
        }
        StringBuilder result = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<DeleteResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        if (!allowed.isEmpty()) {
            var answered = direct.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(allowed)));
            for (DeletedObject deleted : answered.deleted()) {
                result.append("<Deleted><Key>").append(escaped(deleted.key())).append("</Key>");
                if (deleted.versionId() != null) {
                    result.append("<VersionId>").append(escaped(deleted.versionId())).append("</VersionId>");
                }
                result.append("</Deleted>");
            }
            answered.errors().forEach(e -> errors.append("<Error><Key>").append(escaped(e.key())).append("</Key><Code>")
                    .append(escaped(e.code())).append("</Code><Message>").append(escaped(e.message()))
                    .append("</Message></Error>"));
        }
        return result.append(errors).append("</DeleteResult>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<ObjectIdentifier> identifiers(byte[] body) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            NodeList objects = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body))
                    .getElementsByTagName("Object");
            List<ObjectIdentifier> ids = new ArrayList<>();
            for (int i = 0; i < objects.getLength(); i++) {
                Element object = (Element) objects.item(i);
                NodeList version = object.getElementsByTagName("VersionId");
                ids.add(ObjectIdentifier.builder().key(object.getElementsByTagName("Key").item(0).getTextContent())
                        .versionId(version.getLength() == 0 ? null : version.item(0).getTextContent()).build());
            }
            return ids;
        } catch (Exception e) {
            throw new IllegalArgumentException("not a DeleteObjects body", e);
        }
    }

    private boolean locked(String bucket, ObjectIdentifier id, boolean bypassGovernance) {
        try {
            if (direct.getObjectLegalHold(b -> b.bucket(bucket).key(id.key()).versionId(id.versionId()))
                    .legalHold().status() == ObjectLockLegalHoldStatus.ON) {
                return true;
            }
        } catch (S3Exception noHold) {
            // S3Mock answers 404 for a version without a hold
        }
        try {
            ObjectLockRetention retention = direct.getObjectRetention(b -> b.bucket(bucket).key(id.key())
                    .versionId(id.versionId())).retention();
            boolean unexpired = retention.retainUntilDate() != null && retention.retainUntilDate().isAfter(Instant.now());
            return unexpired && (retention.mode() == ObjectLockRetentionMode.COMPLIANCE || !bypassGovernance);
        } catch (S3Exception noRetention) {
            return false;
        }
    }

    private static String escaped(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        proxy.close();
        direct.close();
    }
}
