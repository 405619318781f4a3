package io.tidemark.core.template;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A model's SQL for one partition, with what the template said it reads.
 *
 * @param references each asset named by {@code ref()} or {@code source()}, with the line of its
 *     first mention
 * @param readsItself whether the template used {{ this }}
 */
public record RenderedSql(String sql, Map<AssetName, Integer> references, boolean readsItself) {
  public RenderedSql {
    requireNonNull(sql, "sql is null");
    // Keeps the order of first mention, which becomes the order of the model's dependencies.
    references =
        Collections.unmodifiableMap(
            new LinkedHashMap<>(requireNonNull(references, "references is null")));
  }

  public Set<AssetName> referencedAssets() {
    return references.keySet();
  }
}
