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
import io.tidemark.server.auth.AccessTokens;
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
      "REST API answers on http://HOST:PORT/api/v1 (described at /api/v1/openapi.json), and the",
      "web UI on http://HOST:PORT/.",
      "Several servers may share a state store: one schedules at a time. Ctrl-C or SIGTERM stops",
      "taking work and lets running tasks finish within the grace period.",
      "With server.tokens in tidemark.yml every request needs a bearer token (`tidemark server",
      "token` makes one); without, the server listens on 127.0.0.1 only."
    },
    subcommands = ServerCommand.Token.class)
public final class ServerCommand extends ProjectCommand {
  @Option(
      names = "--port",
      paramLabel = "PORT",
      converter = Port.class,
      description = "HTTP port; 0 for any free one (default: ${DEFAULT-VALUE}).")
  int port = 8080;

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}); another than loopback needs"
              + " server.tokens in tidemark.yml.")
  String host = ServerSettings.HOST;

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
    return serve(workspace, out(), host, port, graceSeconds, leaseSeconds);
  }

  static int serve(
      Workspace workspace, PrintWriter out, int port, int graceSeconds, int leaseSeconds) {
    return serve(workspace, out, ServerSettings.HOST, port, graceSeconds, leaseSeconds);
  }

  /**
   * Serves the workspace's project until the process is stopped (Ctrl-C, SIGTERM); then lets
   * running tasks finish within the grace period and closes the workspace.
   */
  static int serve(
      Workspace workspace,
      PrintWriter out,
      String host,
      int port,
      int graceSeconds,
      int leaseSeconds) {
    Project project = workspace.project();
    AccessTokens tokens = AccessTokens.read(project.root());
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
    ServerSettings settings =
        new ServerSettings(port, tick, Duration.ofSeconds(graceSeconds), 4)
            .withAccess(host, tokens);
    TidemarkServer server =
        new TidemarkServer(
            project,
            workspace.warehouse(),
            store,
            store.schedules(),
            workspace.clock(),
            settings,
            new SchedulerOptions(
                holder, lease, owner, RunOwner::isGone, SchedulerOptions.DEFAULT_RECHECK),
            workspace.loads());
    try {
      server.start();
    } catch (RuntimeException e) {
      server.stop();
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "cannot listen on " + host + ":" + port + ": " + rootCause(e).getMessage(),
          e);
    }
    out.println(
        "Tidemark server for "
            + project.config().name()
            + " on http://"
            + host
            + ":"
            + server.port()
            + "/api/v1 (web UI at /; "
            + (tokens.isEmpty()
                ? "no tokens configured: open to this machine only)"
                : tokens.tokens().size()
                    + (tokens.tokens().size() == 1 ? " token" : " tokens")
                    + " configured: every request needs one)"));
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

  /** Prints a new token and the lines that make the server accept it. */
  @Command(
      name = "token",
      mixinStandardHelpOptions = true,
      description = {
        "Make a new API token: prints it once, and the lines to add under server.tokens in",
        "tidemark.yml (which holds only its SHA-256)."
      })
  static final class Token implements java.util.concurrent.Callable<Integer> {
    @Option(
        names = "--name",
        required = true,
        paramLabel = "NAME",
        description = "Who or what holds the token, e.g. ci or alice.")
    String name;

    @Option(
        names = "--role",
        paramLabel = "ROLE",
        description =
            "read (GET only) or operator (may also start runs) (default: ${DEFAULT-VALUE}).")
    String role = "read";

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.@-]*")) {
        throw new TidemarkException(
            ErrorCode.INVALID_ARGUMENT,
            "--name '" + name + "' must be letters, digits and _ . @ - only");
      }
      if (!role.equals("read") && !role.equals("operator")) {
        throw new TidemarkException(
            ErrorCode.INVALID_ARGUMENT, "--role must be read or operator, got '" + role + "'");
      }
      String token = AccessTokens.newToken();
      PrintWriter out = spec.commandLine().getOut();
      out.println("Token for " + name + " (" + role + "); it is shown only this once:");
      out.println();
      out.println("  " + token);
      out.println();
      out.println("Add to tidemark.yml, then restart the server:");
      out.println();
      out.println("server:");
      out.println("  tokens:");
      out.println("    - name: " + name);
      out.println("      role: " + role);
      out.println("      sha256: " + AccessTokens.sha256(token));
      out.println();
      out.println("Clients send it as: Authorization: Bearer " + AccessTokens.PREFIX + "…");
      out.flush();
      return 0;
    }
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
