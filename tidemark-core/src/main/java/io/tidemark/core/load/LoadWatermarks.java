package io.tidemark.core.load;

import io.tidemark.core.asset.AssetName;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * The high-water marks of incremental loads, kept in the state store: the largest cursor value each
 * loaded source has seen.
 */
public interface LoadWatermarks {
  /** The stored marks of the given sources; sources without one are left out. */
  Map<AssetName, Watermark> watermarks(Collection<AssetName> sources);

  /**
   * Records a source's mark. Written after the load's partition state: a crash in between leaves
   * the older mark, and the next load reads a little more again, which its overwrite absorbs.
   */
  void putWatermark(AssetName source, Watermark value, long runId, Instant at);

  /** No stored marks: every incremental load starts from the beginning. */
  LoadWatermarks NONE =
      new LoadWatermarks() {
        @Override
        public Map<AssetName, Watermark> watermarks(Collection<AssetName> sources) {
          return Map.of();
        }

        @Override
        public void putWatermark(AssetName source, Watermark value, long runId, Instant at) {}
      };
}
