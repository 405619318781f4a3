package io.tidemark.core.warehouse;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An amount of memory or disk, as settings write it: {@code 512MB}, {@code 2GiB}, {@code 1.5 GB},
 * {@code 1048576} (bytes). Decimal units (KB, MB, GB, TB) are powers of 1000, binary ones (KiB,
 * MiB, GiB, TiB) powers of 1024, as DuckDB reads them.
 *
 * @param bytes the amount, at least 0
 */
public record ByteSize(long bytes) implements Comparable<ByteSize> {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]i?b|b|bytes)?", Pattern.CASE_INSENSITIVE);

  public static final long KIB = 1024;
  public static final long MIB = 1024 * KIB;
  public static final long GIB = 1024 * MIB;

  public ByteSize {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes is negative: " + bytes);
    }
  }

  public static ByteSize ofBytes(long bytes) {
    return new ByteSize(bytes);
  }

  public static ByteSize ofMebibytes(long mebibytes) {
    return new ByteSize(Math.multiplyExact(mebibytes, MIB));
  }

  /** The size {@code text} writes; empty when it is no size. */
  public static Optional<ByteSize> parse(String text) {
    Matcher matcher = SIZE.matcher(text.trim());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    String unit = matcher.group(2) == null ? "b" : matcher.group(2).toLowerCase(Locale.ROOT);
    long factor =
        switch (unit) {
          case "b", "bytes" -> 1L;
          case "kb" -> 1000L;
          case "mb" -> 1000L * 1000;
          case "gb" -> 1000L * 1000 * 1000;
          case "tb" -> 1000L * 1000 * 1000 * 1000;
          case "kib" -> KIB;
          case "mib" -> MIB;
          case "gib" -> GIB;
          case "tib" -> GIB * 1024;
          default -> throw new IllegalStateException("unit " + unit);
        };
    double bytes = Double.parseDouble(matcher.group(1)) * factor;
    if (bytes >= Long.MAX_VALUE) {
      return Optional.empty();
    }
    return Optional.of(new ByteSize((long) bytes));
  }

  public ByteSize half() {
    return new ByteSize(bytes / 2);
  }

  public ByteSize minus(ByteSize other) {
    return new ByteSize(Math.max(0, bytes - other.bytes));
  }

  public static ByteSize min(ByteSize a, ByteSize b) {
    return a.bytes <= b.bytes ? a : b;
  }

  public static ByteSize max(ByteSize a, ByteSize b) {
    return a.bytes >= b.bytes ? a : b;
  }

  @Override
  public int compareTo(ByteSize other) {
    return Long.compare(bytes, other.bytes);
  }

  /** For people: {@code 1.5 GiB}, {@code 512.0 MiB}, {@code 900 bytes}. */
  @Override
  public String toString() {
    if (bytes < KIB) {
      return bytes + " bytes";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes / (double) KIB;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
