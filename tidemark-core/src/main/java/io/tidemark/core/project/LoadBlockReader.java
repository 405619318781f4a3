package io.tidemark.core.project;

import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.asset.SourceLocation;
import io.tidemark.core.load.LoadMode;
import io.tidemark.core.load.LoadSpec;
import io.tidemark.core.load.Lookback;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a source table's {@code load:} block: the keys Tidemark itself acts on, and the rest. */
final class LoadBlockReader {
  private LoadBlockReader() {}

  static LoadSpec read(YamlNode node, Partitioning partitioning) {
    if (!node.isMapping()) {
      throw node.error("load must be a mapping (from: jdbc|files|prometheus|confluence, …)");
    }
    YamlNode from =
        node.get("from")
            .orElseThrow(
                () -> node.error("a load needs 'from' (jdbc, files, prometheus or confluence)"));
    LoadMode mode = partitioning.isPartitioned() ? LoadMode.PARTITION : LoadMode.SNAPSHOT;
    if (node.get("mode").isPresent()) {
      YamlNode modeNode = node.get("mode").get();
      try {
        mode = LoadMode.parse(modeNode.text());
      } catch (IllegalArgumentException e) {
        throw modeNode.error(
            "unknown load mode '"
                + modeNode.text()
                + "' (expected snapshot, incremental or partition)");
      }
    }
    if (mode == LoadMode.PARTITION && !partitioning.isPartitioned()) {
      throw node.error("a partition load needs the source's partitioning: {grain, column}");
    }
    String cursor = node.text("cursor", "");
    if (mode == LoadMode.INCREMENTAL) {
      if (partitioning.isPartitioned()) {
        if (!cursor.isEmpty() && !cursor.equals(partitioning.column())) {
          throw node.get("cursor")
              .orElseThrow()
              .error(
                  "the cursor of a partitioned incremental load is its partition column ("
                      + partitioning.column()
                      + "), got '"
                      + cursor
                      + "'");
        }
        cursor = partitioning.column();
      } else if (cursor.isEmpty()) {
        throw node.error("an incremental load needs a cursor column (updated_at, an id)");
      }
    } else if (!cursor.isEmpty()) {
      throw node.get("cursor").orElseThrow().error("only incremental loads have a cursor");
    }
    List<String> key = node.texts("key");
    if (!key.isEmpty() && (mode != LoadMode.INCREMENTAL || partitioning.isPartitioned())) {
      throw node.get("key")
          .orElseThrow()
          .error("a key is for unpartitioned incremental loads, whose rows are merged by it");
    }
    Lookback lookback = Lookback.NONE;
    if (node.get("lookback").isPresent()) {
      YamlNode value = node.get("lookback").get();
      if (mode != LoadMode.INCREMENTAL) {
        throw value.error("only incremental loads have a look-back");
      }
      lookback =
          value.text().trim().matches("\\d+")
              ? new Lookback(java.time.Duration.ZERO, Long.parseLong(value.text().trim()))
              : new Lookback(ConfigReader.duration(value), 0);
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    Map<String, SourceLocation> locations = new LinkedHashMap<>();
    node.entries()
        .forEach(
            (name, value) -> {
              settings.put(name, value.toPlain());
              locations.put(name, value.location());
            });
    return new LoadSpec(
        from.text(),
        mode,
        cursor,
        key,
        lookback,
        settings,
        locations,
        node.location(),
        digest(mode + "\n" + partitioning + "\n" + settings));
  }

  /** A short stable digest of a text, for versions. */
  static String digest(String text) {
    try {
      byte[] hash =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
