package io.tidemark.core.graph;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.project.Project;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Selection syntax, as in dbt: {@code name}, {@code +name} (with everything upstream), {@code
 * name+} (with everything downstream), {@code +name+}, {@code tag:x}, {@code path:models/marts},
 * {@code pipeline:x}, {@code schema:x}. Space-separated terms are a union; comma-joined terms
 * ({@code tag:daily,schema:marts}) an intersection. An empty selection selects everything.
 */
public final class Selector {
  private final Project project;

  public Selector(Project project) {
    this.project = requireNonNull(project, "project is null");
  }

  public Set<AssetName> select(String selection) {
    if (selection == null || selection.isBlank()) {
      return new LinkedHashSet<>(project.graph().topologicalOrder());
    }
    Set<AssetName> union = new LinkedHashSet<>();
    for (String term : selection.trim().split("\\s+")) {
      Set<AssetName> intersection = null;
      for (String part : term.split(",")) {
        if (part.isEmpty()) {
          continue;
        }
        Set<AssetName> matched = selectOne(part);
        if (intersection == null) {
          intersection = matched;
        } else {
          intersection.retainAll(matched);
        }
      }
      if (intersection != null) {
        union.addAll(intersection);
      }
    }
    Set<AssetName> ordered = new LinkedHashSet<>();
    for (AssetName name : project.graph().topologicalOrder()) {
      if (union.contains(name)) {
        ordered.add(name);
      }
    }
    return ordered;
  }

  private Set<AssetName> selectOne(String term) {
    boolean upstream = term.startsWith("+");
    boolean downstream = term.endsWith("+") && term.length() > 1;
    String core = term.substring(upstream ? 1 : 0, term.length() - (downstream ? 1 : 0));
    Set<AssetName> base = new LinkedHashSet<>();
    int colon = core.indexOf(':');
    String method = colon > 0 ? core.substring(0, colon) : "";
    String value = colon > 0 ? core.substring(colon + 1) : core;
    switch (method) {
      case "" -> base.add(project.resolve(value).name());
      case "tag" -> matchAll(base, a -> a.tags().contains(value));
      case "pipeline" -> matchAll(base, a -> a.pipeline().equals(value));
      case "schema" -> matchAll(base, a -> a.name().schema().equals(value));
      case "path" -> {
        Path prefix = Path.of(value).normalize();
        matchAll(base, a -> a.location().file().normalize().startsWith(prefix));
      }
      default ->
          throw new TidemarkException(
              ErrorCode.INVALID_ARGUMENT,
              "unknown selector method '" + method + ":' (known: tag:, path:, pipeline:, schema:)");
    }
    if (base.isEmpty() && !method.isEmpty()) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "selector '" + term + "' matches no asset");
    }
    Set<AssetName> result = new LinkedHashSet<>(base);
    for (AssetName name : base) {
      if (upstream) {
        result.addAll(project.graph().withAncestors(name));
      }
      if (downstream) {
        result.addAll(project.graph().withDescendants(name));
      }
    }
    return result;
  }

  private void matchAll(Set<AssetName> into, java.util.function.Predicate<Asset> predicate) {
    project.assets().values().stream().filter(predicate).forEach(a -> into.add(a.name()));
  }
}
