package dev.custodian.incontainer;

import dev.custodian.testing.PostgresDatabase;
import dev.custodian.testing.S3ProxyServer;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;

/**
 * The built WAR, as it ships, plus one configuration file that points it at this test JVM's
 * throwaway database and S3Proxy (a higher ordinal than the defaults in the domain jar).
 */
final class Deployments {

    static final String ADMIN_TOKEN = "arquillian-admin-token-0123";

    private Deployments() {
    }

    static WebArchive custodianWar() {
        PostgresDatabase database = PostgresDatabase.shared();
        S3ProxyServer s3 = S3ProxyServer.shared();
        String config = String.join("\n",
                "config_ordinal=500",
                "custodian.db.url=" + database.jdbcUrl(),
                "custodian.db.user=" + database.user(),
                "custodian.s3.endpoint=" + s3.endpoint(),
                "custodian.s3.bucket=" + S3ProxyServer.BUCKET,
                "custodian.s3.access-key=" + S3ProxyServer.ACCESS_KEY,
                "custodian.s3.secret-key=" + S3ProxyServer.SECRET_KEY,
                "custodian.auth.tokens=admin:" + ADMIN_TOKEN,
                "");
        // named ROOT.war like in the uber jar, so the API is at /api/v1 from the server root here too
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war")
                .importFrom(new File(System.getProperty("custodian.test.war")))
                .as(WebArchive.class)
                .addAsResource(new StringAsset(config), "META-INF/microprofile-config.properties");
    }
}
