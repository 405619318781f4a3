package io.tidemark.store;

import static io.tidemark.store.CheckResultTables.decodeSample;
import static io.tidemark.store.CheckResultTables.encodeSample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckResultTablesTest {
  @Test
  void sampleRowsAreEscapedAndEachEndedByALineFeed() {
    assertThat(encodeSample(List.of())).isEmpty();
    assertThat(encodeSample(List.of(""))).isEqualTo("\n");
    assertThat(encodeSample(List.of("id=1", "id=2"))).isEqualTo("id=1\nid=2\n");
    assertThat(encodeSample(List.of("a\nb", "c\\nd", "e\0f"))).isEqualTo("a\\nb\nc\\\\nd\ne\\0f\n");
  }

  @Test
  void anySampleRowsRoundTrip() throws SQLException {
    List<List<String>> samples =
        List.of(
            List.of(),
            List.of(""),
            List.of("", ""),
            List.of("\n", "\\", "\\n", "\\\n", "\0", "\\0"),
            List.of("ünïcødé 中文 🌊", "\r\n\t", "ends with a backslash \\"));
    for (List<String> sample : samples) {
      assertThat(decodeSample(encodeSample(sample))).isEqualTo(sample);
    }
  }

  @Test
  void aSampleColumnThatEncodeSampleCannotHaveWrittenIsCorrupt() {
    for (String corrupt : List.of("unterminated", "a\\x\n", "trailing backslash\\")) {
      assertThatThrownBy(() -> decodeSample(corrupt))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("corrupt check result sample");
    }
  }
}
