package io.tidemark.cli.command;

import io.tidemark.anomaly.Judgement;
import io.tidemark.cli.output.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Writes judgements as CSV or JSON, one row or object per point: timestamp, value, score,
 * expected_low, expected_high, anomalous, alert, verdict. Not-judged points leave score and range
 * empty (null in JSON). Numbers are plain decimals with at most three decimals: row counts stay
 * integers, and no exponent appears in a column a spreadsheet will read.
 */
final class JudgementWriter {
  static final List<String> COLUMNS =
      List.of(
          "timestamp",
          "value",
          "score",
          "expected_low",
          "expected_high",
          "anomalous",
          "alert",
          "verdict");

  private JudgementWriter() {}

  static void csv(IntFunction<String> timestamps, List<Judgement> judgements, Writer out) {
    StringBuilder row = new StringBuilder(128);
    try {
      out.write(String.join(",", COLUMNS));
      out.write('\n');
      for (int i = 0; i < judgements.size(); i++) {
        Judgement judgement = judgements.get(i);
        row.setLength(0);
        appendText(row, timestamps.apply(i));
        row.append(',');
        appendNumber(row, judgement.value());
        row.append(',');
        appendNumber(row, judgement.score());
        row.append(',');
        appendNumber(row, judgement.expectedLow());
        row.append(',');
        appendNumber(row, judgement.expectedHigh());
        row.append(',').append(judgement.anomalous());
        row.append(',').append(judgement.alert());
        row.append(',').append(judgement.verdict().label()).append('\n');
        out.append(row);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void json(IntFunction<String> timestamps, List<Judgement> judgements, Writer out) {
    List<Map<String, Object>> rows = new ArrayList<>(judgements.size());
    for (int i = 0; i < judgements.size(); i++) {
      Judgement judgement = judgements.get(i);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("timestamp", timestamps.apply(i));
      row.put("value", number(judgement.value()));
      row.put("score", number(judgement.score()));
      row.put("expected_low", number(judgement.expectedLow()));
      row.put("expected_high", number(judgement.expectedHigh()));
      row.put("anomalous", judgement.anomalous());
      row.put("alert", judgement.alert());
      row.put("verdict", judgement.verdict().label());
      rows.add(row);
    }
    try {
      out.write(Json.write(rows));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** JSON has no NaN: null. Integral values as integers, others rounded to three decimals. */
  private static Object number(double value) {
    if (!Double.isFinite(value)) {
      return null;
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return (long) value;
    }
    return Math.round(value * 1000) / 1000.0;
  }

  private static void appendText(StringBuilder row, String text) {
    if (text.indexOf(',') < 0 && text.indexOf('"') < 0) {
      row.append(text);
    } else {
      row.append('"').append(text.replace("\"", "\"\"")).append('"');
    }
  }

  /**
   * Appends {@code value} rounded to three decimals, without trailing zeros or exponent; nothing
   * for NaN. Hand-written because {@code String.format} would cost more than the scoring.
   */
  static void appendNumber(StringBuilder row, double value) {
    if (Double.isNaN(value)) {
      return;
    }
    if (Double.isInfinite(value)) {
      row.append(value > 0 ? "Infinity" : "-Infinity");
      return;
    }
    if (Math.abs(value) >= 1e15) {
      row.append(new BigDecimal(value).setScale(0, RoundingMode.HALF_UP).toPlainString());
      return;
    }
    long thousandths = Math.round(value * 1000);
    if (thousandths < 0) {
      row.append('-');
      thousandths = -thousandths;
    }
    row.append(thousandths / 1000);
    int fraction = (int) (thousandths % 1000);
    if (fraction != 0) {
      row.append('.');
      int digits = fraction % 100 == 0 ? 1 : fraction % 10 == 0 ? 2 : 3;
      String padded = Integer.toString(1000 + fraction).substring(1);
      row.append(padded, 0, digits);
    }
  }
}
