package dev.custodian.cli.bucketrun;

import dev.custodian.cli.Session;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every bucket run takes: a dry run unless {@code --execute}, and the session. */
final class RunFlags {

    @Option(names = "--execute", description = "act (dry_run false); without it, a dry run that changes nothing")
    boolean execute;

    @Mixin
    Session session;

    /** A request body with {@code dry_run} set from {@code --execute}. */
    JsonObjectBuilder body() {
        return Json.createObjectBuilder().add("dry_run", !execute);
    }
}
