package io.tidemark.core.template;

import io.tidemark.core.asset.AssetName;
import java.util.Optional;

/** Turns the arguments of {@code ref()} and {@code source()} into asset names. */
public interface ReferenceResolver {
  Optional<AssetName> model(String name);

  Optional<AssetName> source(String schema, String table);
}
