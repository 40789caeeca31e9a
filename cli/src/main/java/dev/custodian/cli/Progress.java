package dev.custodian.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

import java.time.Duration;
import java.time.Instant;

/**
 * Progress of something long (a run, a deletion) on stderr: a bar on a terminal; elsewhere a plain
 * line when the figures change, at most every few seconds, so that cron mail stays short.
 */
public final class Progress implements AutoCloseable {

    static final Duration PLAIN_EVERY = Duration.ofSeconds(5);

    private final Terminal terminal;
    private final String task;
    private final ProgressBar bar;
    private String lastLine;
    private String printedLine;
    private Instant printedAt = Instant.MIN;

    private Progress(Terminal terminal, String task, ProgressBar bar) {
        this.terminal = terminal;
        this.task = task;
        this.bar = bar;
    }

    public static Progress start(Terminal terminal, String task, String unit) {
        ProgressBar bar = !terminal.interactive() ? null : new ProgressBarBuilder().setTaskName(task)
                .setInitialMax(-1).setUnit(" " + unit, 1).setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(terminal.err())).build();
        return new Progress(terminal, task, bar);
    }

    /**
     * @param total -1 while the total is not known yet (a listing still running)
     */
    public void update(long done, long total, String message) {
        if (bar != null) {
            bar.maxHint(total);
            bar.stepTo(done);
            bar.setExtraMessage(message);
            return;
        }
        lastLine = task + ": " + done + (total < 0 ? "" : "/" + total) + (message.isEmpty() ? "" : " " + message);
        Instant now = Instant.now();
        if (!lastLine.equals(printedLine) && now.isAfter(printedAt.plus(PLAIN_EVERY))) {
            printPlain(now);
        }
    }

    private void printPlain(Instant now) {
        terminal.err().println(lastLine);
        printedLine = lastLine;
        printedAt = now;
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        } else if (lastLine != null && !lastLine.equals(printedLine)) {
            printPlain(Instant.now());
        }
    }
}
