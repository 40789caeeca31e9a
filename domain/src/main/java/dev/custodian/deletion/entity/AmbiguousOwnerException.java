package dev.custodian.deletion.entity;

import java.util.List;

/** A project id the ledger knows under more than one user was named without a user: never a guess. */
public class AmbiguousOwnerException extends DeletionException {

    private final List<String> users;

    public AmbiguousOwnerException(String projectId, List<String> users) {
        super(null, "project " + projectId + " is known under " + users.size() + " users (" + String.join(", ", users)
                + "): name one with user_id");
        this.users = List.copyOf(users);
    }

    public List<String> users() {
        return users;
    }
}
