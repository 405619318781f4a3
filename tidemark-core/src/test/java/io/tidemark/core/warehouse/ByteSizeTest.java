package io.tidemark.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
  @Test
  void decimalUnitsArePowersOfAThousandAndBinaryOnesOfTenTwentyFour() {
    assertThat(ByteSize.parse("512MB")).contains(ByteSize.ofBytes(512_000_000L));
    assertThat(ByteSize.parse("2GiB")).contains(ByteSize.ofBytes(2L << 30));
    assertThat(ByteSize.parse("1.5 gib")).contains(ByteSize.ofBytes(3L << 29));
    assertThat(ByteSize.parse("16KiB")).contains(ByteSize.ofBytes(16_384));
    assertThat(ByteSize.parse("1048576")).contains(ByteSize.ofBytes(1_048_576));
  }

  @Test
  void textThatIsNoSizeIsNone() {
    assertThat(ByteSize.parse("2 gigs")).isEmpty();
    assertThat(ByteSize.parse("-1GB")).isEmpty();
    assertThat(ByteSize.parse("")).isEmpty();
    assertThat(ByteSize.parse("99999999999TB")).isEmpty();
  }

  @Test
  void printsInBinaryUnits() {
    assertThat(ByteSize.ofBytes(3L << 29)).hasToString("1.5 GiB");
    assertThat(ByteSize.ofMebibytes(512)).hasToString("512.0 MiB");
    assertThat(ByteSize.ofBytes(900)).hasToString("900 bytes");
  }
}
