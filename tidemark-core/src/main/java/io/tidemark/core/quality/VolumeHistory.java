package io.tidemark.core.quality;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import java.util.List;

/**
 * An asset's row counts per partition, each judged by its volume check's detector against the
 * partitions before it: what a volume chart draws.
 *
 * @param check the volume check's id; empty when the asset has none (then nothing is judged)
 * @param detector the detector's name; empty when the asset has no volume check
 * @param points in time order
 */
public record VolumeHistory(AssetName asset, String check, String detector, List<Point> points) {
  public VolumeHistory {
    requireNonNull(asset, "asset is null");
    requireNonNull(check, "check is null");
    requireNonNull(detector, "detector is null");
    points = List.copyOf(requireNonNull(points, "points is null"));
  }

  /**
   * One partition.
   *
   * @param rows its stored row count; {@code NaN} when it has none
   * @param expected what the detector expected; {@code NaN} when it did not judge the point
   * @param low the lowest count it would have called normal; {@code NaN} when not judged
   * @param high the highest count it would have called normal; {@code NaN} when not judged
   * @param verdict the detector's verdict ({@code normal}, {@code high}, {@code missing}, ...)
   * @param anomalous whether the point is flagged
   * @param alert whether an anomaly begins at this point
   */
  public record Point(
      String partition,
      double rows,
      double expected,
      double low,
      double high,
      String verdict,
      boolean anomalous,
      boolean alert) {
    public Point {
      requireNonNull(partition, "partition is null");
      requireNonNull(verdict, "verdict is null");
    }
  }
}
