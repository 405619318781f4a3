package io.tidemark.server.api;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.quality.check.CheckResultService;
import io.tidemark.core.state.CheckPage;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.CheckStatus;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/checks}: the latest result of every check on every partition, failures first;
 * {@code ?select=SELECTION} and {@code ?status=fail,warn} narrow it, {@code offset} and {@code
 * limit} page it. The counts per status are of all the selected results; a result that was not
 * judged counts as {@code skipped}, never as {@code pass}.
 */
final class ChecksApi {
  private final CheckResultService results;

  ChecksApi(CheckResultService results) {
    this.results = requireNonNull(results, "results is null");
  }

  void register(RoutesConfig routes) {
    routes.get(Api.PREFIX + "/checks", this::checks);
  }

  private void checks(Context ctx) {
    String selection = Requests.text(ctx, "select");
    Set<CheckStatus> statuses = statuses(Requests.text(ctx, "status"));
    int offset = Page.offset(ctx);
    int limit = Page.limit(ctx);
    CheckPage page = results.page(selection == null ? "" : selection, statuses, offset, limit);
    Map<String, Long> counts = new LinkedHashMap<>();
    page.counts().forEach((status, count) -> counts.put(Views.lower(status), count));
    List<Result> shown = page.results().stream().map(Result::of).toList();
    ctx.json(
        new Checks(
            counts,
            new Page<>(
                shown, offset, limit, (int) Math.min(Integer.MAX_VALUE, page.total(statuses)))));
  }

  private static Set<CheckStatus> statuses(String text) {
    Set<CheckStatus> statuses = EnumSet.noneOf(CheckStatus.class);
    if (text == null) {
      return statuses;
    }
    for (String part : text.split(",")) {
      String name = part.trim().toUpperCase(Locale.ROOT);
      try {
        statuses.add(CheckStatus.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new TidemarkException(
            ErrorCode.INVALID_ARGUMENT,
            "unknown check status '" + part.trim() + "': use pass, warn, fail, error or skipped");
      }
    }
    return statuses;
  }

  record Checks(Map<String, Long> counts, Page<Result> results) {}

  record Result(
      String asset,
      String check,
      String partition,
      String status,
      String severity,
      String observed,
      String expected,
      String message,
      List<String> sample,
      Long runId,
      Instant checkedAt) {
    static Result of(CheckResult result) {
      return new Result(
          result.asset().toString(),
          result.check(),
          result.partition(),
          Views.lower(result.status()),
          result.severity(),
          result.observed(),
          result.expected(),
          result.message(),
          result.sample(),
          result.runId() == 0 ? null : result.runId(),
          result.checkedAt());
    }
  }
}
