package io.tidemark.connectors.support;

import io.tidemark.core.asset.SourceLocation;
import io.tidemark.core.load.LoadMode;
import io.tidemark.core.load.LoadSpec;
import io.tidemark.core.load.Lookback;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Load blocks for tests of loaders alone, as if read from models/sources.yml line 10. */
public final class LoadSpecs {
  public static final SourceLocation LOCATION =
      new SourceLocation(Path.of("models/sources.yml"), 10);

  private LoadSpecs() {}

  public static LoadSpec of(String type, Map<String, ?> settings) {
    return of(type, LoadMode.SNAPSHOT, settings);
  }

  public static LoadSpec of(String type, LoadMode mode, Map<String, ?> settings) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("from", type);
    all.putAll(settings);
    Map<String, SourceLocation> locations = new LinkedHashMap<>();
    int line = LOCATION.line();
    for (String key : all.keySet()) {
      locations.put(key, new SourceLocation(LOCATION.file(), ++line));
    }
    return new LoadSpec(type, mode, "", List.of(), Lookback.NONE, all, locations, LOCATION, "test");
  }
}
