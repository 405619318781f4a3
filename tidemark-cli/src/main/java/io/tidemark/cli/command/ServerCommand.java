package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.project.Project;
import io.tidemark.core.schedule.Schedule;
import io.tidemark.core.schedule.SchedulerOptions;
import io.tidemark.core.state.RunOwner;
import io.tidemark.server.ServerSettings;
import io.tidemark.server.TidemarkServer;
import io.tidemark.store.JdbcStateStore;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Run the project as a service: the scheduler fires every pipeline's cron schedule, and the",
      "REST API answers on http://127.0.0.1:PORT/api/v1 (health, assets, runs, schedule).",
      "Several servers may share a state store: one schedules at a time. Ctrl-C or SIGTERM stops",
      "taking work and lets running tasks finish within the grace period."
    })
public final class ServerCommand extends ProjectCommand {
  @Option(
      names = "--port",
      paramLabel = "PORT",
      converter = Port.class,
      description = "HTTP port on 127.0.0.1; 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port = 8080;

  @Option(
      names = "--grace",
      paramLabel = "SECONDS",
      converter = Arguments.ZeroOrMore.class,
      description =
          "How long a stop lets running tasks finish before aborting them"
              + " (default: ${DEFAULT-VALUE}).")
  int graceSeconds = 60;

  @Option(
      names = "--lease-ttl",
      paramLabel = "SECONDS",
      converter = Arguments.AtLeastOne.class,
      description =
          "How long the scheduler lease lasts unrenewed: when this server dies, another on the"
              + " same state store takes over within it (default: ${DEFAULT-VALUE}).")
  int leaseSeconds = 30;

  @Override
  protected int run(Workspace workspace) {
    return serve(workspace, out(), port, graceSeconds, leaseSeconds);
  }

  /**
   * Serves the workspace's project until the process is stopped (Ctrl-C, SIGTERM); then lets
   * running tasks finish within the grace period and closes the workspace.
   */
  static int serve(
      Workspace workspace, PrintWriter out, int port, int graceSeconds, int leaseSeconds) {
    Project project = workspace.project();
    if (!(workspace.store() instanceof JdbcStateStore store)) {
      throw new TidemarkException(ErrorCode.INTERNAL, "the state store has no scheduler records");
    }
    RunOwner owner = Workspace.currentOwner();
    String holder =
        owner.host() + ":" + owner.pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    Duration lease = Duration.ofSeconds(leaseSeconds);
    // Ticks come often enough for the lease to be renewed twice before it runs out.
    Duration tick =
        lease.dividedBy(3).compareTo(ServerSettings.DEFAULT_TICK) < 0
            ? lease.dividedBy(3)
            : ServerSettings.DEFAULT_TICK;
    TidemarkServer server =
        new TidemarkServer(
            project,
            workspace.warehouse(),
            store,
            store.schedules(),
            workspace.clock(),
            new ServerSettings(port, tick, Duration.ofSeconds(graceSeconds), 4),
            new SchedulerOptions(
                holder, lease, owner, RunOwner::isGone, SchedulerOptions.DEFAULT_RECHECK),
            workspace.loads());
    try {
      server.start();
    } catch (RuntimeException e) {
      server.stop();
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "cannot listen on 127.0.0.1:" + port + ": " + rootCause(e).getMessage(),
          e);
    }
    out.println(
        "Tidemark server for "
            + project.config().name()
            + " on http://"
            + ServerSettings.HOST
            + ":"
            + server.port()
            + "/api/v1 (health, assets, runs, schedule)");
    for (Schedule schedule : server.scheduler().schedules().values()) {
      out.println(
          "  "
              + schedule.name()
              + ": "
              + schedule.cron()
              + (schedule.after().isEmpty()
                  ? ""
                  : ", after " + String.join(", ", schedule.after())));
    }
    if (server.scheduler().schedules().isEmpty()) {
      out.println("  no schedules: declare schedule: under pipelines: in tidemark.yml");
    }
    out.println("Stop with Ctrl-C; running tasks get " + graceSeconds + "s to finish.");
    out.flush();
    CountDownLatch closed = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              server.stop();
              try {
                // The process ends when this hook returns: let the store and warehouse close.
                closed.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "tidemark-server-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    server.awaitStopped();
    workspace.close();
    closed.countDown();
    return 0;
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** A TCP port. */
  static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int port;
      try {
        port = Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a port number");
      }
      if (port < 0 || port > 65535) {
        throw new TypeConversionException("a port is from 0 to 65535, got " + port);
      }
      return port;
    }
  }
}
