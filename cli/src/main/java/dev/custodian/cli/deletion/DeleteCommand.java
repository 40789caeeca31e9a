package dev.custodian.cli.deletion;

import dev.custodian.cli.Api;
import dev.custodian.cli.Exit;
import dev.custodian.cli.Session;
import dev.custodian.cli.Sizes;
import jakarta.json.JsonObject;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code custodian delete user|project|scene}: an owner's objects, tracked and untracked, through
 * the deletion pipeline; followed to the end. {@code --dry-run} only shows the plan.
 */
@Command(name = "delete", description = {"Delete a user's, project's or scene's objects (DELETE /users/{id},"
        + " /projects/{id}, /projects/{id}/scenes/{id}) and follow the deletion to its end.",
        "Exit: --dry-run 1 when there is something to delete, 0 when nothing; otherwise as 'deletion'."},
        subcommands = {DeleteCommand.User.class, DeleteCommand.Project.class, DeleteCommand.Scene.class})
public final class DeleteCommand implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name what to delete: user, project or scene");
    }

    /** The options of every owner deletion, and the deletion itself. */
    static final class OwnerDeletion {

        @Option(names = "--dry-run", description = "show what would be deleted; change nothing")
        boolean dryRun;

        @Option(names = "--reason", paramLabel = "TEXT", description = "recorded with the deletion and in the audit")
        String reason;

        @Mixin
        Session session;

        int delete(String path, String userId) {
            Api api = session.api();
            String target = Api.query(path, "user_id", userId, "dry_run", dryRun ? "true" : null, "reason", reason);
            if (dryRun) {
                JsonObject plan = api.delete(target);
                session.print(plan, plan(plan));
                return (plan.getJsonNumber("object_count").longValue() > 0 ? Exit.FINDINGS : Exit.DONE).code();
            }
            JsonObject deletion = Deletions.follow(session, api, api.delete(target).getString("id"));
            session.print(deletion, Deletions.text(deletion));
            return Deletions.outcome(deletion).code();
        }

        static String plan(JsonObject plan) {
            var tracked = plan.getJsonArray("tracked").getValuesAs(JsonObject.class);
            var untracked = plan.getJsonArray("untracked").getValuesAs(JsonObject.class);
            StringBuilder text = new StringBuilder("Dry run: would delete ")
                    .append(Deletions.number(plan, "object_count")).append(" objects (")
                    .append(Sizes.human(Deletions.number(plan, "total_bytes"))).append(")");
            if (!tracked.isEmpty()) {
                text.append("\n  tracked:");
                Deletions.list(text, tracked.stream().map(DeleteCommand.OwnerDeletion::planned).toList());
            }
            if (!untracked.isEmpty()) {
                text.append("\n  untracked (in the bucket, not in the ledger):");
                Deletions.list(text, untracked.stream().map(DeleteCommand.OwnerDeletion::planned).toList());
            }
            var ambiguous = plan.getJsonArray("ambiguous").getValuesAs(jakarta.json.JsonString.class);
            if (!ambiguous.isEmpty()) {
                text.append("\n  kept, might belong to another owner:");
                Deletions.list(text, ambiguous.stream().map(jakarta.json.JsonString::getString).toList());
            }
            if (plan.getBoolean("truncated")) {
                text.append("\n  (lists cut short; the counts cover everything)");
            }
            return text.append("\nNothing was changed.").toString();
        }

        private static String planned(JsonObject key) {
            return key.getString("key") + " (" + Sizes.human(key.getJsonNumber("size_bytes").longValue()) + ")";
        }
    }

    @Command(name = "user", description = "Delete every object of a user.")
    static final class User implements Callable<Integer> {

        @Parameters(paramLabel = "USER_ID")
        String userId;

        @Mixin
        OwnerDeletion deletion;

        @Override
        public Integer call() {
            return deletion.delete("api/v1/users/" + Api.segment(userId), null);
        }
    }

    @Command(name = "project", description = "Delete every object of a project (of --user's, when the project id"
            + " is known under several users).")
    static final class Project implements Callable<Integer> {

        @Parameters(paramLabel = "PROJECT_ID")
        String projectId;

        @Option(names = "--user", paramLabel = "USER_ID", description = "whose project it is (user_id)")
        String userId;

        @Mixin
        OwnerDeletion deletion;

        @Override
        public Integer call() {
            return deletion.delete("api/v1/projects/" + Api.segment(projectId), userId);
        }
    }

    @Command(name = "scene", description = "Delete every object of a scene of a project.")
    static final class Scene implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "PROJECT_ID")
        String projectId;

        @Parameters(index = "1", paramLabel = "SCENE_ID")
        String sceneId;

        @Option(names = "--user", paramLabel = "USER_ID", description = "whose project it is (user_id)")
        String userId;

        @Mixin
        OwnerDeletion deletion;

        @Override
        public Integer call() {
            return deletion.delete("api/v1/projects/" + Api.segment(projectId) + "/scenes/" + Api.segment(sceneId),
                    userId);
        }
    }
}
