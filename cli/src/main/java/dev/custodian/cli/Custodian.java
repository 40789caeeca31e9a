package dev.custodian.cli;

import dev.custodian.cli.bucketrun.BackfillCommand;
import dev.custodian.cli.bucketrun.ClearCommand;
import dev.custodian.cli.bucketrun.MigrateCommand;
import dev.custodian.cli.deletion.DeleteCommand;
import dev.custodian.cli.deletion.DeletionCommand;
import dev.custodian.cli.maintenance.MaintenanceCommand;
import dev.custodian.cli.receipt.ReceiptCommand;
import dev.custodian.cli.retention.CleanupCommand;
import dev.custodian.cli.usage.UsageCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/**
 * {@code bin/custodian}: the operators' command line, a client of the HTTP API. Every command
 * exits 0 (nothing found, or done), 1 (findings) or 2 (error: bad flags, an API problem, a failed
 * run); each command's help says which outcome gives which.
 */
@Command(name = "custodian", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "custodian command line 0.1",
        description = "Runs Custodian's cleanups, reconciliations and deletions from a terminal or from cron.",
        subcommands = {MaintenanceCommand.class, CleanupCommand.class, ClearCommand.class, BackfillCommand.class,
                MigrateCommand.class, DeleteCommand.class, DeletionCommand.class, UsageCommand.class,
                ReceiptCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Configuration: CUSTODIAN_URL and CUSTODIAN_TOKEN, or --url and --token on each command.",
                "Exit status: 0 nothing found or done, 1 findings, 2 error."})
public final class Custodian implements Runnable {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
    }

    public static void main(String[] args) {
        System.exit(run(Terminal.system(), args));
    }

    /** Runs one command line on {@code terminal}; returns its exit status. */
    public static int run(Terminal terminal, String... args) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine cli = new CommandLine(new Custodian(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == Session.class ? type.cast(new Session(terminal)) : defaults.create(type);
            }
        });
        cli.setOut(new PrintWriter(terminal.out(), true));
        cli.setErr(new PrintWriter(terminal.err(), true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExitCodeExceptionMapper(exception -> Exit.ERROR.code());
        cli.setParameterExceptionHandler((exception, args1) -> {
            CommandLine command = exception.getCommandLine();
            command.getErr().println("custodian: " + exception.getMessage());
            command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help'. Nothing was"
                    + " started.");
            return Exit.ERROR.code();
        });
        cli.setExecutionExceptionHandler((exception, command, parseResult) -> {
            if (exception instanceof Failure) {
                command.getErr().println("custodian: " + exception.getMessage());
            } else {
                command.getErr().println("custodian: unexpected error: " + exception);
            }
            return Exit.ERROR.code();
        });
        return cli.execute(args);
    }
}
