package dev.custodian.cli;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Where a command writes and reads. {@code interactive} means a person sits at it: only then are
 * progress bars drawn and typed confirmations asked for; otherwise (cron, a pipe) progress is plain
 * lines and nothing waits for an answer.
 *
 * @param out the command's result (report, JSON)
 * @param err progress, prompts and errors, so that {@code out} stays what a script reads
 */
public record Terminal(PrintStream out, PrintStream err, BufferedReader in, boolean interactive) {

    /** The process's own streams, in UTF-8 whatever the locale (the reports carry ✅ and →). */
    public static Terminal system() {
        return new Terminal(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8),
                new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                System.console() != null);
    }

    /** The line the person typed after {@code prompt}; null at the end of input. */
    public String ask(String prompt) {
        err.print(prompt);
        err.flush();
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
