package dev.custodian.cli.usage;

import dev.custodian.cli.Api;
import dev.custodian.cli.Exit;
import dev.custodian.cli.Session;
import dev.custodian.cli.Sizes;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code custodian usage}: objects and bytes stored, by user, project, file type or retention class. */
@Command(name = "usage", description = {"Objects and bytes of active objects (GET /usage), every page.",
        "Exit: 0 shown; 2 an error."})
public final class UsageCommand implements Callable<Integer> {

    enum Group {
        USER, PROJECT, FILE_TYPE, RETENTION_CLASS;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Option(names = "--group-by", paramLabel = "GROUP", defaultValue = "user",
            description = "${COMPLETION-CANDIDATES} (group_by; default ${DEFAULT-VALUE})")
    Group groupBy;

    @Option(names = "--user", paramLabel = "USER_ID", description = "only this user's objects (user_id)")
    String userId;

    @Option(names = "--project", paramLabel = "PROJECT_ID", description = "only this project's objects (project_id)")
    String projectId;

    @Mixin
    Session session;

    @Override
    public Integer call() {
        Api api = session.api();
        JsonArrayBuilder items = Json.createArrayBuilder();
        // a project belongs to its user: only that grouping names one
        boolean byProject = groupBy == Group.PROJECT;
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-40s %-20s %10s %12s", groupBy,
                byProject ? "user" : "", "objects", "bytes"));
        String cursor = null;
        do {
            JsonObject page = api.get(Api.query("api/v1/usage", "group_by", groupBy, "user_id", userId, "project_id",
                    projectId, "limit", 1000, "cursor", cursor));
            for (JsonObject row : page.getJsonArray("items").getValuesAs(JsonObject.class)) {
                items.add(row);
                table.append(String.format(Locale.ROOT, "%n%-40s %-20s %10d %12s", row.getString("group"),
                        byProject ? row.getString("user_id") : "",
                        row.getJsonNumber("objects").longValue(), Sizes.human(row.getJsonNumber("bytes").longValue())));
            }
            cursor = page.isNull("next_cursor") ? null : page.getString("next_cursor");
        } while (cursor != null);
        session.print(Json.createObjectBuilder().add("items", items).build(), table.toString());
        return Exit.DONE.code();
    }
}
