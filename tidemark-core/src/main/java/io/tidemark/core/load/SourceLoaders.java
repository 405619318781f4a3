package io.tidemark.core.load;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The loaders an entry point wired, by the {@code from:} they read. */
public final class SourceLoaders {
  public static final SourceLoaders NONE = new SourceLoaders(List.of());

  private final Map<String, SourceLoader> byType;

  public SourceLoaders(List<SourceLoader> loaders) {
    this.byType =
        loaders.stream()
            .collect(Collectors.toUnmodifiableMap(SourceLoader::type, Function.identity()));
  }

  public Optional<SourceLoader> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  public List<String> types() {
    return byType.keySet().stream().sorted().toList();
  }
}
