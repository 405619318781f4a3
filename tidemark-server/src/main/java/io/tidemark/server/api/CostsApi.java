package io.tidemark.server.api;

import static java.util.Objects.requireNonNull;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.cost.CostReport;
import io.tidemark.core.cost.CostService;
import io.tidemark.core.project.CostRatesReader;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.StateStore;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * {@code GET /api/v1/costs?since=DATE&by=asset|pipeline|owner|day&top=N}: what {@code tidemark
 * costs} reports, as JSON (the report's fields in snake_case).
 */
final class CostsApi {
  private final Project project;
  private final StateStore store;
  private final Clock clock;

  CostsApi(Project project, StateStore store, Clock clock) {
    this.project = requireNonNull(project, "project is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  void register(RoutesConfig routes) {
    routes.get(Api.PREFIX + "/costs", this::costs);
  }

  private void costs(Context ctx) {
    String since = Requests.text(ctx, "since");
    LocalDate first =
        since != null
            ? Requests.day(since)
            : LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(29);
    String by = Requests.text(ctx, "by");
    String top = Requests.text(ctx, "top");
    int count;
    try {
      count = top == null ? 10 : Integer.parseInt(top);
    } catch (NumberFormatException e) {
      count = -1;
    }
    if (count < 1) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "query parameter 'top' must be a whole number of 1 or more");
    }
    CostReport report =
        new CostService(project, store, clock, CostRatesReader.read(project.root()))
            .report(first, by == null ? "asset" : by.toLowerCase(Locale.ROOT), count);
    ctx.json(CostsJson.of(report));
  }
}
