package io.tidemark.core.warehouse;

import static java.util.Objects.requireNonNull;

/**
 * A setting an engine reads under {@code warehouse:} in {@code tidemark.yml}, besides {@code type}.
 *
 * @param name the key, e.g. {@code path} or {@code url}
 * @param kind how the value is read and checked
 * @param defaultValue the value when the key is absent; empty when it has none
 */
public record WarehouseSetting(String name, Kind kind, String defaultValue) {
  /** How a setting's value is read. */
  public enum Kind {
    /** Text; {@code ${VAR}} and {@code ${VAR:-default}} are replaced from the environment. */
    TEXT,
    /**
     * A file path, as {@link #TEXT}; a relative path is resolved against the project and must stay
     * inside it.
     */
    PATH,
    /**
     * The name of an environment variable holding the value (a user or password): the value itself
     * never appears in the project's files. Read when the warehouse is opened.
     */
    ENVIRONMENT_VARIABLE,
    /**
     * An amount of memory or disk ({@code 512MB}, {@code 2GiB}; see {@link ByteSize}), as {@link
     * #TEXT}; empty means the engine's default.
     */
    BYTES,
    /** A whole number of at least 1, as {@link #TEXT}; empty means the engine's default. */
    COUNT
  }

  public WarehouseSetting {
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(defaultValue, "defaultValue is null");
  }

  public static WarehouseSetting text(String name, String defaultValue) {
    return new WarehouseSetting(name, Kind.TEXT, defaultValue);
  }

  public static WarehouseSetting path(String name, String defaultValue) {
    return new WarehouseSetting(name, Kind.PATH, defaultValue);
  }

  /** An amount of memory or disk; with no value the engine picks one. */
  public static WarehouseSetting bytes(String name) {
    return new WarehouseSetting(name, Kind.BYTES, "");
  }

  /** A positive whole number; with no value the engine picks one. */
  public static WarehouseSetting count(String name) {
    return new WarehouseSetting(name, Kind.COUNT, "");
  }

  public static WarehouseSetting environmentVariable(String name) {
    return new WarehouseSetting(name, Kind.ENVIRONMENT_VARIABLE, "");
  }
}
