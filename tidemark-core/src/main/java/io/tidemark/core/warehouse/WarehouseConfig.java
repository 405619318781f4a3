package io.tidemark.core.warehouse;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The {@code warehouse:} section of {@code tidemark.yml}: the engine's type and every setting it
 * declares ({@link WarehouseProvider#settings()}), defaults filled in and {@code ${VAR}} replaced.
 *
 * @param type the engine, as {@link WarehouseProvider#type()} names it
 * @param settings value by setting name
 * @param origins where each setting was written, for messages ({@code tidemark.yml:4}); settings
 *     left at their default are absent
 */
public record WarehouseConfig(
    String type, Map<String, String> settings, Map<String, String> origins) {
  public WarehouseConfig {
    requireNonNull(type, "type is null");
    settings =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(requireNonNull(settings, "settings is null")));
    origins = Map.copyOf(requireNonNull(origins, "origins is null"));
  }

  /** The value of a setting the engine declares. */
  public String setting(String name) {
    String value = settings.get(name);
    if (value == null) {
      throw new IllegalArgumentException(
          "the " + type + " warehouse declares no setting '" + name + "'");
    }
    return value;
  }

  /** A setting named for messages: {@code warehouse.url (tidemark.yml:4)}. */
  public String describe(String name) {
    String origin = origins.get(name);
    return "warehouse." + name + (origin == null ? "" : " (" + origin + ")");
  }

  /**
   * The value of the environment variable an {@link WarehouseSetting.Kind#ENVIRONMENT_VARIABLE}
   * setting names; empty when the setting names none. A named variable that is not set fails with
   * {@code INVALID_PROJECT}, naming the setting and the variable.
   */
  public Optional<String> environmentValue(String name, UnaryOperator<String> environment) {
    String variable = setting(name);
    if (variable.isEmpty()) {
      return Optional.empty();
    }
    String value = environment.apply(variable);
    if (value == null) {
      throw new TidemarkException(
          ErrorCode.INVALID_PROJECT,
          describe(name) + " names the environment variable " + variable + ", which is not set");
    }
    return Optional.of(value);
  }

  @Override
  public String toString() {
    return "WarehouseConfig[type=" + type + ", settings=" + settings + "]";
  }
}
