package io.tidemark.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import org.junit.jupiter.api.Test;

class PartitionFingerprintTest {
  private static final PartitionKey DAY = PartitionKey.parse(Grain.DAY, "2024-03-05");

  @Test
  void versionIsTheRowCountAndTheHash() {
    assertThat(new PartitionFingerprint(DAY, 123, "00ab").version())
        .isEqualTo("rows=123;hash=00ab");
    assertThat(new PartitionFingerprint(PartitionKey.ALL, 0, "0").version())
        .isEqualTo("rows=0;hash=0");
  }

  @Test
  void equalFingerprintsHaveEqualVersions() {
    assertThat(new PartitionFingerprint(DAY, 7, "ff").version())
        .isEqualTo(new PartitionFingerprint(DAY, 7, "ff").version())
        .isNotEqualTo(new PartitionFingerprint(DAY, 8, "ff").version())
        .isNotEqualTo(new PartitionFingerprint(DAY, 7, "fe").version());
  }

  @Test
  void rejectsNegativeRowsAndMissingParts() {
    assertThatThrownBy(() -> new PartitionFingerprint(DAY, -1, "ff"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PartitionFingerprint(DAY, 1, " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PartitionFingerprint(null, 1, "ff"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new PartitionFingerprint(DAY, 1, null))
        .isInstanceOf(NullPointerException.class);
  }
}
