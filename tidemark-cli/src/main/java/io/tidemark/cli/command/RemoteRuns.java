package io.tidemark.cli.command;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Style;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;

/**
 * {@code tidemark run/repair --server URL}: the backfill or repair is asked of a running Tidemark
 * server through its API, queued and run there, and followed from here until it ends (or not, with
 * {@code --no-wait}). The local project is not opened: the server has it.
 */
final class RemoteRuns {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI server;
  private final Optional<String> token;
  private final PrintWriter out;
  private final Style style;
  private final Duration poll;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  RemoteRuns(URI server, Optional<String> token, PrintWriter out, Style style, Duration poll) {
    this.server = requireNonNull(server, "server is null");
    this.token = requireNonNull(token, "token is null");
    this.out = requireNonNull(out, "out is null");
    this.style = requireNonNull(style, "style is null");
    this.poll = requireNonNull(poll, "poll is null");
  }

  /** Queues a backfill; follows it unless {@code wait} is false. Returns the exit code. */
  int backfill(String selection, LocalDate start, LocalDate end, boolean force, boolean wait) {
    ObjectNode body = JSON.createObjectNode();
    if (!selection.isEmpty()) {
      body.put("selection", selection);
    }
    if (start != null) {
      body.put("start", start.toString());
    }
    if (end != null) {
      body.put("end", end.toString());
    }
    if (force) {
      body.put("force", true);
    }
    JsonNode submitted = post("/api/v1/backfills", body);
    if (submitted.path("job_id").isNull() || submitted.path("job_id").isMissingNode()) {
      out.println(submitted.path("message").asText("Nothing to run."));
      return 0;
    }
    long job = submitted.path("job_id").asLong();
    out.println(
        "Queued on "
            + server
            + " as queued run "
            + job
            + ": "
            + Formats.plural(submitted.path("tasks").asLong(), "task")
            + " planned now, planned again when it starts.");
    return wait ? follow(job) : notFollowing(job);
  }

  /**
   * Works out and stores the repair on the server; starts it unless {@code dryRun}, and follows it
   * unless {@code wait} is false. Returns the exit code.
   */
  int repair(
      String asset,
      LocalDate start,
      LocalDate end,
      String exclude,
      String stopAt,
      boolean allowGaps,
      boolean dryRun,
      boolean wait) {
    ObjectNode body = JSON.createObjectNode();
    body.put("asset", asset);
    body.put("start", start.toString());
    body.put("end", end.toString());
    if (exclude != null && !exclude.isEmpty()) {
      body.put("exclude", exclude);
    }
    if (stopAt != null && !stopAt.isEmpty()) {
      body.put("stop_at", stopAt);
    }
    if (allowGaps) {
      body.put("allow_gaps", true);
    }
    JsonNode plan = post("/api/v1/repairs", body);
    printPlan(plan);
    if (plan.path("repair_id").isNull() || plan.path("repair_id").isMissingNode()) {
      return 0;
    }
    long repair = plan.path("repair_id").asLong();
    if (dryRun) {
      out.println(
          "Stored as repair "
              + repair
              + " on the server; nothing was rebuilt. `tidemark repair --resume "
              + repair
              + " --server "
              + server
              + "` runs it.");
      return 0;
    }
    return start(repair, wait);
  }

  /** Starts a stored repair on the server, and follows it unless {@code wait} is false. */
  int start(long repair, boolean wait) {
    JsonNode started = post("/api/v1/repairs/" + repair + "/start", JSON.createObjectNode());
    long job = started.path("job_id").asLong();
    out.println(
        "Repair "
            + repair
            + " queued on "
            + server
            + " as queued run "
            + job
            + ": "
            + Formats.plural(started.path("tasks").asLong(), "task")
            + " to rebuild.");
    return wait ? follow(job) : notFollowing(job);
  }

  private void printPlan(JsonNode plan) {
    out.println(
        style.bold("Repair plan")
            + " for "
            + plan.path("target").asText()
            + " "
            + plan.path("start").asText()
            + ".."
            + plan.path("end").asText()
            + ": "
            + Formats.plural(plan.path("task_count").asLong(), "partition")
            + " to rebuild");
    for (JsonNode asset : plan.path("assets")) {
      out.println(
          "  "
              + asset.path("asset").asText()
              + "  "
              + Formats.plural(asset.path("count").asLong(), "partition")
              + "  "
              + String.join(", ", JSON.convertValue(asset.path("ranges"), String[].class)));
    }
    for (JsonNode note : plan.path("notes")) {
      out.println("  note: " + note.asText());
    }
    if (plan.hasNonNull("message")) {
      out.println(plan.path("message").asText());
    }
  }

  private int notFollowing(long job) {
    out.println(
        "Not waiting: GET "
            + server.resolve("/api/v1/queue/" + job)
            + " follows it; POST .../cancel cancels it.");
    return 0;
  }

  /** Polls the queued run until it ends; prints where it is when that changes. */
  private int follow(long job) {
    String shown = "";
    while (true) {
      JsonNode state = get("/api/v1/queue/" + job);
      String status = state.path("status").asText();
      String now =
          switch (status) {
            case "queued" -> "waiting for its turn";
            case "running" ->
                state.hasNonNull("run_id")
                    ? "running as run " + state.path("run_id").asLong()
                    : "starting";
            default -> "";
          };
      if (!now.isEmpty() && !now.equals(shown)) {
        out.println("  " + style.dim(now + "…"));
        out.flush();
        shown = now;
      }
      if (!now.isEmpty()) {
        sleep();
        continue;
      }
      return ended(job, state);
    }
  }

  private int ended(long job, JsonNode state) {
    String status = state.path("status").asText();
    String runStatus = state.path("run_status").asText("");
    if (status.equals("ended") && state.hasNonNull("run_id")) {
      long run = state.path("run_id").asLong();
      boolean succeeded = runStatus.equals("succeeded");
      String verdict =
          "Run "
              + run
              + " "
              + runStatus
              + ": "
              + state.path("succeeded").asInt()
              + " succeeded, "
              + state.path("failed").asInt()
              + " failed, "
              + state.path("skipped").asInt()
              + " skipped.";
      out.println(succeeded ? style.green(verdict) : style.red(verdict));
      if (!succeeded) {
        out.println("`tidemark runs show " + run + "` on the server's project shows its attempts.");
      }
      return succeeded ? 0 : runStatus.equals("interrupted") ? RunCommand.INTERRUPTED_EXIT : 1;
    }
    if (status.equals("ended")) {
      out.println(state.path("message").asText("Nothing to run: everything was up to date."));
      return 0;
    }
    out.println(
        style.red(
            "Queued run "
                + job
                + " "
                + status
                + (state.hasNonNull("message") ? ": " + state.path("message").asText() : ".")));
    return 1;
  }

  private void sleep() {
    try {
      Thread.sleep(poll.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TidemarkException(
          ErrorCode.INTERNAL, "stopped following; the run goes on in the server", e);
    }
  }

  private JsonNode get(String path) {
    return send(request(path).GET());
  }

  private JsonNode post(String path, JsonNode body) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.resolve(path))
            .timeout(TIMEOUT)
            .header("Accept", "application/json");
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    return request;
  }

  /** Sends; a problem answer becomes the error it describes, with its status's exit code. */
  private JsonNode send(HttpRequest.Builder request) {
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new TidemarkException(
          ErrorCode.SOURCE,
          "cannot reach the Tidemark server at " + server + ": connection refused");
    } catch (IOException e) {
      throw new TidemarkException(
          ErrorCode.SOURCE, "cannot reach the Tidemark server at " + server + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TidemarkException(ErrorCode.INTERNAL, "interrupted", e);
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new TidemarkException(
          ErrorCode.SOURCE,
          server
              + " answered "
              + response.statusCode()
              + " with something that is not JSON: is"
              + " it a Tidemark server?");
    }
    int status = response.statusCode();
    if (status < 400) {
      return body;
    }
    String detail = body.path("detail").asText(body.path("title").asText("HTTP " + status));
    ErrorCode code =
        switch (status) {
          case 401, 403 -> ErrorCode.SECRETS;
          case 404 -> ErrorCode.NOT_FOUND;
          case 409 -> ErrorCode.CONFLICT;
          case 400, 422 -> ErrorCode.INVALID_ARGUMENT;
          default -> ErrorCode.INTERNAL;
        };
    String hint =
        status == 401
            ? " (set TIDEMARK_TOKEN or --token-file to an operator token)"
            : status == 403 ? " (this token's role may only read)" : "";
    throw new TidemarkException(code, "the server refused: " + detail + hint);
  }
}
