package io.tidemark.server.api;

import static java.util.Objects.requireNonNull;

import io.javalin.http.Context;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.util.List;

/**
 * One page of a long list, asked for with {@code ?offset=N&limit=M}.
 *
 * @param total how many there are in all
 */
public record Page<T>(List<T> items, int offset, int limit, int total) {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  public Page {
    items = List.copyOf(requireNonNull(items, "items is null"));
  }

  /** The page of {@code all} the request asks for. */
  static <T> Page<T> of(List<T> all, Context ctx) {
    int offset = offset(ctx);
    int limit = limit(ctx);
    int from = Math.min(offset, all.size());
    int to = (int) Math.min((long) from + limit, all.size());
    return new Page<>(all.subList(from, to), offset, limit, all.size());
  }

  /** How many items the request skips: {@code ?offset=N}, 0 when not asked. */
  static int offset(Context ctx) {
    return parameter(ctx, "offset", 0, 0, Integer.MAX_VALUE);
  }

  /** How many items the request asks for at most: {@code ?limit=M}. */
  static int limit(Context ctx) {
    return parameter(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
  }

  /** A whole-number query parameter between {@code min} and {@code max}. */
  static int parameter(Context ctx, String name, int fallback, int min, int max) {
    String text = ctx.queryParam(name);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below, as a value out of range is.
    }
    throw new TidemarkException(
        ErrorCode.INVALID_ARGUMENT,
        "query parameter '"
            + name
            + "' must be a whole number from "
            + min
            + (max == Integer.MAX_VALUE ? " up" : " to " + max)
            + ", got '"
            + text
            + "'");
  }
}
