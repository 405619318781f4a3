package io.tidemark.core.load;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.SourceLocation;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code load:} block of a source table in {@code sources.yml}: what reads it, how it follows
 * the source, and the loader's own settings, each with the line it was written on for messages.
 *
 * @param type the {@code from:} that names the loader
 * @param cursor the cursor column of an incremental load; empty otherwise
 * @param key for an unpartitioned incremental load, the columns that identify a row, so that a row
 *     read again replaces its older copy; empty to append
 * @param settings the block's entries as plain values (text, lists, maps), in file order
 * @param locations where each entry of the block was written
 * @param location where the block starts
 * @param version a digest of the block: a load whose definition changed is taken again
 */
public record LoadSpec(
    String type,
    LoadMode mode,
    String cursor,
    List<String> key,
    Lookback lookback,
    Map<String, Object> settings,
    Map<String, SourceLocation> locations,
    SourceLocation location,
    String version) {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

  public LoadSpec {
    requireNonNull(type, "type is null");
    requireNonNull(mode, "mode is null");
    requireNonNull(cursor, "cursor is null");
    key = List.copyOf(requireNonNull(key, "key is null"));
    requireNonNull(lookback, "lookback is null");
    settings =
        Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(settings, "settings")));
    locations = Map.copyOf(requireNonNull(locations, "locations is null"));
    requireNonNull(location, "location is null");
    requireNonNull(version, "version is null");
  }

  /** A setting written as a single value. */
  public Optional<String> text(String name) {
    Object value = settings.get(name);
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String text)) {
      throw error(name, "'" + name + "' must be a single value");
    }
    return Optional.of(text);
  }

  /** A required single-valued setting. */
  public String required(String name, String why) {
    return text(name)
        .orElseThrow(() -> error(null, "a " + type + " load needs '" + name + "': " + why));
  }

  /** A whole number setting. */
  public long number(String name, long fallback) {
    Optional<String> text = text(name);
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(text.get().trim());
    } catch (NumberFormatException e) {
      throw error(name, "'" + name + "' must be a whole number, got '" + text.get() + "'");
    }
  }

  /**
   * A positive duration setting: {@code 500ms}, {@code 15s}, {@code 1m}, {@code 2h}, {@code 1d}.
   */
  public Duration duration(String name, Duration fallback) {
    Optional<String> text = text(name);
    if (text.isEmpty()) {
      return fallback;
    }
    Matcher matcher = DURATION.matcher(text.get().trim());
    if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
      throw error(
          name,
          "'" + name + "' must be a duration such as 15s, 1m or 1h, got '" + text.get() + "'");
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  /** A setting written as a mapping, its values as text. */
  @SuppressWarnings("unchecked")
  public Map<String, String> mapping(String name) {
    Object value = settings.get(name);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw error(name, "'" + name + "' must be a mapping (key: value)");
    }
    Map<String, String> texts = new LinkedHashMap<>();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getValue() instanceof String text)) {
        throw error(name, "the values of '" + name + "' must be single values");
      }
      texts.put((String) entry.getKey(), text);
    }
    return (Map<String, String>) (Map<?, ?>) Collections.unmodifiableMap(texts);
  }

  /** A setting written as one value or a list of them. */
  public List<String> texts(String name) {
    Object value = settings.get(name);
    if (value == null) {
      return List.of();
    }
    if (value instanceof String text) {
      return List.of(text);
    }
    if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
      return list.stream().map(String.class::cast).toList();
    }
    throw error(name, "'" + name + "' must be a value or a list of values");
  }

  /** Rejects settings the loader does not know, so that typos do not pass silently. */
  public void requireKnown(List<String> known) {
    for (String name : settings.keySet()) {
      if (!CommonKeys.ALL.contains(name) && !known.contains(name)) {
        throw error(
            name,
            "unknown key '"
                + name
                + "' in a "
                + type
                + " load (known: "
                + String.join(", ", CommonKeys.ALL)
                + ", "
                + String.join(", ", known)
                + ")");
      }
    }
  }

  /** An {@code INVALID_PROJECT} error at the setting's line (the block's when null). */
  public TidemarkException error(String setting, String message) {
    SourceLocation at = setting == null ? location : locations.getOrDefault(setting, location);
    return new TidemarkException(ErrorCode.INVALID_PROJECT, at + ": " + message);
  }

  /** The keys every load block may hold, read by Tidemark itself. */
  public static final class CommonKeys {
    public static final List<String> ALL = List.of("from", "mode", "cursor", "key", "lookback");

    private CommonKeys() {}
  }
}
