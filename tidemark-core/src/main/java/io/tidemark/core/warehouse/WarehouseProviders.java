package io.tidemark.core.warehouse;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The warehouse engines this process knows, by type. */
public final class WarehouseProviders {
  /** The engine a project without a {@code warehouse:} section runs on. */
  public static final String DEFAULT_TYPE = "duckdb";

  private final Map<String, WarehouseProvider> byType;

  private WarehouseProviders(List<WarehouseProvider> providers) {
    Map<String, WarehouseProvider> types = new LinkedHashMap<>();
    for (WarehouseProvider provider : providers) {
      WarehouseProvider earlier = types.putIfAbsent(provider.type(), provider);
      if (earlier != null && earlier.getClass() != provider.getClass()) {
        throw new IllegalStateException(
            "two warehouse engines claim type '"
                + provider.type()
                + "': "
                + earlier.getClass().getName()
                + " and "
                + provider.getClass().getName());
      }
    }
    this.byType = Collections.unmodifiableMap(types);
  }

  /** The engines whose jars are on the class path, found by {@link ServiceLoader}. */
  public static WarehouseProviders installed() {
    List<WarehouseProvider> found = new ArrayList<>();
    ServiceLoader.load(WarehouseProvider.class, WarehouseProviders.class.getClassLoader())
        .forEach(found::add);
    return new WarehouseProviders(found);
  }

  public static WarehouseProviders of(WarehouseProvider... providers) {
    return new WarehouseProviders(List.of(providers));
  }

  public Optional<WarehouseProvider> find(String type) {
    requireNonNull(type, "type is null");
    return Optional.ofNullable(byType.get(type));
  }

  /** The engine of a type that {@code tidemark.yml} was checked to name. */
  public WarehouseProvider provider(String type) {
    return find(type)
        .orElseThrow(
            () ->
                new TidemarkException(
                    ErrorCode.INVALID_PROJECT,
                    "warehouse type '" + type + "' is not installed (installed: " + known() + ")"));
  }

  /** Every installed engine, in the order found. */
  public List<WarehouseProvider> all() {
    return List.copyOf(byType.values());
  }

  /** The known types, comma-separated, for messages; {@code none} when there are none. */
  public String known() {
    return byType.isEmpty() ? "none" : String.join(", ", byType.keySet());
  }
}
