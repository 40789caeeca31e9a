package dev.custodian.cli;

/** What a command's exit status tells cron: the three codes every command keeps to. */
public enum Exit {
    /** Nothing was found, or what was asked is done. */
    DONE(0),
    /** Something was found that a person should look at (orphans, keys left, holds). */
    FINDINGS(1),
    /** Bad flags, an API problem, an unreachable service, a run or deletion that failed. */
    ERROR(2);

    private final int code;

    Exit(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
