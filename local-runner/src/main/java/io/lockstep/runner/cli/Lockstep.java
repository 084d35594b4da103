package io.lockstep.runner.cli;

import io.lockstep.config.ProblemsException;
import io.lockstep.runner.quickstart.QuickstartCommand;
import io.lockstep.runner.reconcile.ReconcileCommand;
import io.lockstep.runner.schema.SchemaCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lockstep} command line behind {@code bin/lockstep}. */
@Command(
    name = "lockstep",
    mixinStandardHelpOptions = true,
    version = "Lockstep 0.1.0",
    description = "Change-data-capture replication on Apache Flink.",
    subcommands = {
      QuickstartCommand.class,
      RunCommand.class,
      SchemaCommand.class,
      ReconcileCommand.class,
      io.lockstep.runner.submit.SubmitCommand.class
    })
public final class Lockstep {

  public static void main(String[] args) {
    // Before any logger exists: the runner's own logging setup, not a library's bundled one.
    System.setProperty("log4j2.configurationFile", "lockstep-log4j2.properties");
    // The binlog client (MariaDB/MySQL capture) logs through java.util.logging, whose default
    // handler prints INFO to the console; only its warnings belong there.
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    CommandLine commandLine =
        new CommandLine(new Lockstep())
            .setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                  if (e instanceof ProblemsException) {
                    cmd.getErr().println(e.getMessage());
                    return 2;
                  }
                  cmd.getErr().println("lockstep: " + e);
                  e.printStackTrace(cmd.getErr());
                  return 1;
                });
    int code = commandLine.execute(args);
    System.exit(code);
  }
}
