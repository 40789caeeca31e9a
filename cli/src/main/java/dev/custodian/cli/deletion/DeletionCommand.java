package dev.custodian.cli.deletion;

import dev.custodian.cli.Api;
import dev.custodian.cli.Session;
import jakarta.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code custodian deletion <id>}: follows one deletion to its end. */
@Command(name = "deletion", description = {"Follow a deletion to its end with progress, then show its outcome.",
        "Exit 0 completed and verified clean; 1 keys held by Object Lock or left after verification;"
                + " 2 keys failed, the deletion failed, or an error."})
public final class DeletionCommand implements Callable<Integer> {

    @Parameters(paramLabel = "ID", description = "the deletion's id")
    String id;

    @Mixin
    Session session;

    @Override
    public Integer call() {
        Api api = session.api();
        JsonObject deletion = Deletions.follow(session, api, id);
        session.print(deletion, Deletions.text(deletion));
        return Deletions.outcome(deletion).code();
    }
}
