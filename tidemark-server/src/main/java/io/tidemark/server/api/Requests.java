package io.tidemark.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.state.RunOwner;
import io.tidemark.server.auth.AccessControl;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading a request's parameters and body, with the messages the CLI gives for the same mistakes.
 */
final class Requests {
  private static final Pattern ISO_DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
  private static final ObjectMapper JSON = new ObjectMapper();

  private Requests() {}

  /** A query parameter's text, trimmed; null when it is absent or blank. */
  static String text(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** A query parameter that must be there. */
  static String required(Context ctx, String name) {
    String value = text(ctx, name);
    if (value == null) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "query parameter '" + name + "' is required");
    }
    return value;
  }

  /** A day, {@code YYYY-MM-DD}; the CLI's words for a bad one. */
  static LocalDate day(String value) {
    Matcher parts = ISO_DATE.matcher(value.trim());
    if (!parts.matches()) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "'" + value + "' is not a date; write YYYY-MM-DD, for example 2024-01-31");
    }
    int year = Integer.parseInt(parts.group(1));
    int month = Integer.parseInt(parts.group(2));
    int day = Integer.parseInt(parts.group(3));
    if (month < 1 || month > 12) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "'" + value + "' is not a date: there is no month " + month);
    }
    try {
      return LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "'"
              + value
              + "' is not a date: "
              + YearMonth.of(year, month).getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH)
              + " "
              + year
              + " has "
              + YearMonth.of(year, month).lengthOfMonth()
              + " days");
    }
  }

  /** Days {@code first..last}, both included; an error naming both when they are reversed. */
  static TimeRange days(LocalDate first, LocalDate last) {
    if (last.isBefore(first)) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "invalid date range: start " + first + " is after end " + last);
    }
    return TimeRange.ofDays(first, last);
  }

  /** The range {@code ?start=&end=}, both required. */
  static TimeRange requiredDays(Context ctx) {
    return days(day(required(ctx, "start")), day(required(ctx, "end")));
  }

  /**
   * The range {@code ?start=&end=}: without {@code end}, up to {@code lastDay}; without {@code
   * start}, the {@code defaultDays} days up to the end.
   */
  static TimeRange days(Context ctx, LocalDate lastDay, int defaultDays) {
    String start = text(ctx, "start");
    String end = text(ctx, "end");
    LocalDate last = end == null ? lastDay : day(end);
    LocalDate first = start == null ? last.minusDays(defaultDays - 1L) : day(start);
    return days(first, last);
  }

  /**
   * Refuses a write that is not sent as JSON. A page on another site can post a form or plain text
   * to this server without asking, but not JSON: the browser asks the server first, and it says no.
   */
  static void requireJson(Context ctx) {
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "send the request with Content-Type: application/json"
              + (type == null ? "" : " (it was " + type + ")"));
    }
  }

  /**
   * The request's body as a JSON object holding only {@code known} fields; a clear error for
   * anything else. The request must be sent as JSON ({@link #requireJson}).
   */
  static JsonNode object(Context ctx, Set<String> known) {
    requireJson(ctx);
    String body = ctx.body();
    JsonNode node;
    try {
      node = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "the request body is not valid JSON: "
              + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (!node.isObject()) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "the request body must be a JSON object");
    }
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "unknown field"
              + (unknown.size() == 1 ? " '" + unknown.get(0) + "'" : "s " + unknown)
              + " in the request body (known: "
              + String.join(", ", known.stream().sorted().toList())
              + ")");
    }
    return node;
  }

  /** A text field of a body; {@code fallback} when absent or null. */
  static String field(JsonNode body, String name, String fallback) {
    JsonNode value = body.get(name);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "field '" + name + "' must be text, got " + value);
    }
    return value.asText().trim();
  }

  /** A text field that must be there. */
  static String requiredField(JsonNode body, String name) {
    String value = field(body, name, "");
    if (value.isEmpty()) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "field '" + name + "' is required in the request body");
    }
    return value;
  }

  /** A true/false field; false when absent. */
  static boolean flag(JsonNode body, String name) {
    JsonNode value = body.get(name);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "field '" + name + "' must be true or false, got " + value);
    }
    return value.asBoolean();
  }

  /** A path parameter that is a whole number: an id. */
  static long id(Context ctx, String name, String what) {
    String text = ctx.pathParam(name);
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, what + " id must be a whole number, got '" + text + "'");
    }
  }

  /** Who asks: the name of the request's token, or, on a server without tokens, the API here. */
  static String caller(Context ctx) {
    String name = ctx.attribute(AccessControl.CALLER);
    return name != null ? name : "api@" + RunOwner.hostName();
  }

  /** {@code NaN} as JSON null. */
  static Double number(double value) {
    return Double.isNaN(value) ? null : value;
  }
}
