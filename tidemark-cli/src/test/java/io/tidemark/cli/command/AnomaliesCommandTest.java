package io.tidemark.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tidemark anomalies score} on real files, run through picocli with the error handling of
 * {@code Main.execute} (the command is registered in Main separately).
 */
class AnomaliesCommandTest {
  private static final int DAYS = 120;
  private static final int SPIKE = 100;

  @TempDir Path dir;

  record Result(int exitCode, String out, String err) {}

  /** Mirrors Main.execute: TidemarkException to its exit code, bad options to 2. */
  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new AnomaliesCommand());
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(
        (exception, line, parseResult) -> {
          if (exception instanceof TidemarkException tidemark) {
            line.getErr().println("error: " + tidemark.getMessage());
            return tidemark.code().exitCode();
          }
          line.getErr().println("error: internal error: " + exception);
          return ErrorCode.INTERNAL.exitCode();
        });
    commandLine.setParameterExceptionHandler(
        (exception, args2) -> {
          exception.getCommandLine().getErr().println("error: " + exception.getMessage());
          return 2;
        });
    int code = commandLine.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** Daily counts with quiet weekends and a spike on day {@link #SPIKE}. */
  private static List<String> dailyRows() {
    Random random = new Random(1);
    List<String> rows = new ArrayList<>();
    LocalDate day = LocalDate.of(2024, 1, 1);
    for (int i = 0; i < DAYS; i++) {
      double mean = 10_000 * (day.getDayOfWeek().getValue() >= 6 ? 0.5 : 1) * (1 + i / 400.0);
      long value = Math.round(mean * (1 + 0.04 * random.nextGaussian()));
      if (i == SPIKE) {
        value *= 2;
      }
      rows.add(day + "," + value);
      day = day.plusDays(1);
    }
    return rows;
  }

  private Path write(String name, List<String> lines) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, lines, StandardCharsets.UTF_8);
    return file;
  }

  private Path dailyFile() throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("timestamp,value");
    lines.addAll(dailyRows());
    return write("daily.csv", lines);
  }

  private static List<String> lines(String text) {
    return text.lines().toList();
  }

  @Test
  void scoresEveryPointAndWritesCsv() throws IOException {
    Result result = run("score", "--input", dailyFile().toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    List<String> lines = lines(result.out());
    assertThat(lines.get(0))
        .isEqualTo("timestamp,value,score,expected_low,expected_high,anomalous,alert,verdict");
    assertThat(lines).hasSize(DAYS + 1);
    assertThat(lines.get(1)).startsWith("2024-01-01,").endsWith(",,,,false,false,not_judged");
    String spike = lines.get(SPIKE + 1);
    assertThat(spike).startsWith("2024-04-10,").endsWith(",true,true,high");
    String[] cells = spike.split(",");
    assertThat(Double.parseDouble(cells[2])).isGreaterThan(3.5);
    assertThat(Double.parseDouble(cells[1])).isGreaterThan(Double.parseDouble(cells[4]));
    assertThat(lines.stream().filter(l -> l.contains(",true,"))).containsExactly(spike);
    assertThat(result.err())
        .contains("scored 120 points with the seasonal detector (period 7, found automatically")
        .contains("1 anomalous");
  }

  @Test
  void writesJsonWithNullsForWhatWasNotJudged() throws IOException {
    Result result =
        run("score", "--input", dailyFile().toString(), "--format", "json", "--period", "7");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode rows = new ObjectMapper().readTree(result.out());
    assertThat(rows).hasSize(DAYS);
    assertThat(rows.get(0).get("timestamp").asText()).isEqualTo("2024-01-01");
    assertThat(rows.get(0).get("score").isNull()).isTrue();
    assertThat(rows.get(0).get("verdict").asText()).isEqualTo("not_judged");
    JsonNode spike = rows.get(SPIKE);
    assertThat(spike.get("anomalous").asBoolean()).isTrue();
    assertThat(spike.get("alert").asBoolean()).isTrue();
    assertThat(spike.get("value").isIntegralNumber()).isTrue();
    assertThat(spike.get("value").asDouble()).isGreaterThan(spike.get("expected_high").asDouble());
    assertThat(result.err()).contains("(period 7, sensitivity");
  }

  @Test
  void writesToAnOutputFileAndAcceptsEveryOption() throws IOException {
    Path output = dir.resolve("out.csv");

    Result result =
        run(
            "score",
            "--input",
            dailyFile().toString(),
            "--output",
            output.toString(),
            "--detector",
            "holt-winters",
            "--period",
            "7",
            "--sensitivity",
            "4",
            "--direction",
            "UP",
            "--minimum-history",
            "30");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).isEmpty();
    List<String> lines = Files.readAllLines(output);
    assertThat(lines).hasSize(DAYS + 1);
    assertThat(lines.get(SPIKE + 1)).endsWith(",true,true,high");
    // The first three points are not judged; from the fourth a young series has its band.
    assertThat(lines.subList(1, 4)).allMatch(l -> l.endsWith("not_judged"));
    assertThat(lines.subList(4, 31)).allMatch(l -> l.contains(",false,false,"));
    assertThat(result.err())
        .contains("holt-winters detector (period 7, sensitivity 4.0, direction up)");
  }

  @Test
  void theHeaderIsOptionalAndOffsetsAreUnderstood() throws IOException {
    List<String> rows = new ArrayList<>();
    List<String> shifted = new ArrayList<>();
    for (String row : dailyRows()) {
      String[] cells = row.split(",");
      rows.add(cells[0] + "T00:00," + cells[1]);
      // The same instants written in another offset, as some exports do.
      shifted.add(LocalDate.parse(cells[0]).minusDays(1) + "T22:00:00-02:00 , " + cells[1]);
    }

    Result plain = run("score", "--input", write("plain.csv", rows).toString());
    Result offset = run("score", "--input", write("offset.csv", shifted).toString());

    assertThat(plain.exitCode()).as(plain.err()).isZero();
    assertThat(offset.exitCode()).as(offset.err()).isZero();
    assertThat(lines(plain.out())).hasSize(DAYS + 1);
    List<String> withoutTimestamps =
        lines(plain.out()).stream().map(l -> l.substring(l.indexOf(','))).toList();
    assertThat(lines(offset.out()).stream().map(l -> l.substring(l.indexOf(','))).toList())
        .isEqualTo(withoutTimestamps);
    assertThat(lines(offset.out()).get(1)).startsWith("2023-12-31T22:00:00-02:00,");
  }

  @Test
  void fiveMinuteDataFindsItsDailyPeriod() throws IOException {
    List<String> rows = new ArrayList<>();
    Random random = new Random(2);
    java.time.LocalDateTime time = java.time.LocalDateTime.of(2024, 3, 1, 0, 0);
    for (int i = 0; i < 288 * 4; i++) {
      double hour = time.getHour() + time.getMinute() / 60.0;
      double mean = 500 * (1 + 0.6 * Math.cos(2 * Math.PI * (hour - 14) / 24));
      rows.add(time + "," + Math.round(mean * (1 + 0.05 * random.nextGaussian())));
      time = time.plusMinutes(5);
    }

    Result result = run("score", "--input", write("five.csv", rows).toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).contains("(period 288, found automatically");
  }

  // --- any series: irregular input is regularised and the regularisation reported
  // -----------------

  @Test
  void gapsDuplicatesAndPointsOutOfOrderAreRegularisedAndReported() throws IOException {
    List<String> daily = dailyRows();
    List<String> rows = new ArrayList<>();
    for (int day = 0; day < DAYS; day++) {
      String row = daily.get(day);
      String date = row.substring(0, row.indexOf(','));
      switch (day) {
        case 4, 20 -> {} // day 4 comes late, day 20 never
        case 9 -> {
          rows.add(row);
          rows.add(daily.get(4));
        }
        case 30 -> {
          rows.add(date + ",1"); // a partial load, then its reload: the last one read wins
          rows.add(row);
        }
        case 40 -> rows.add(date + ",");
        case 41 -> rows.add(date + ",NaN");
        default -> rows.add(row);
      }
    }
    Path file = write("irregular.csv", rows);

    Result metric = run("score", "--input", file.toString());
    Result table = run("score", "--input", file.toString(), "--kind", "table");

    assertThat(metric.exitCode()).as(metric.err()).isZero();
    List<String> lines = lines(metric.out());
    assertThat(lines).hasSize(DAYS + 1);
    // Day 4 came late: it is placed in its day and judged there (young series are judged from
    // their fourth point).
    assertThat(lines.get(1 + 4)).startsWith(daily.get(4) + ",").endsWith(",false,false,normal");
    assertThat(lines.get(1 + 20)).startsWith("2024-01-21,,,").endsWith(",false,false,gap");
    assertThat(lines.get(1 + 30)).startsWith(daily.get(30) + ",");
    assertThat(lines.get(1 + 41)).endsWith(",false,false,gap");
    assertThat(metric.err())
        .contains("read 120 points (metric, step 1 day): ")
        .contains("1 point out of order (sorted)")
        .contains("1 repeated timestamp (the last value read kept)")
        .contains("2 empty or non-finite values (taken as missing)")
        .contains("3 missing points");
    assertThat(table.exitCode()).as(table.err()).isZero();
    List<String> tableLines = lines(table.out());
    assertThat(tableLines.get(1 + 20)).startsWith("2024-01-21,,,").endsWith(",true,true,missing");
    assertThat(tableLines.get(1 + 40)).endsWith(",true,true,missing");
    // The second missing day in a row continues the anomaly the first began: no new alert.
    assertThat(tableLines.get(1 + 41)).endsWith(",true,false,missing");
  }

  @Test
  void unevenTimestampsGoToTheNearestStepAndAChangedStepIsReported() throws IOException {
    List<String> rows = new ArrayList<>();
    java.time.LocalDateTime time = java.time.LocalDateTime.of(2024, 3, 1, 0, 0);
    Random random = new Random(3);
    for (int i = 0; i < 400; i++) {
      // Five minutes apart with up to 40 seconds of jitter, then ten minutes apart.
      int jitter = random.nextInt(81) - 40;
      java.time.LocalDateTime at = i == 0 || i >= 300 ? time : time.plusSeconds(jitter);
      rows.add(at.toString().replace('T', ' ') + "," + (100 + i % 7));
      time = time.plusMinutes(i < 300 ? 5 : 10);
    }
    Result result = run("score", "--input", write("uneven.csv", rows).toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err())
        .contains("(metric, step 5 minutes)")
        .contains("grid (moved to the nearest step)")
        .contains("points 10 minutes apart from 2024-03-02T01:00:00Z (was 5 minutes)");
    List<String> lines = lines(result.out());
    assertThat(lines).hasSize(1 + 300 + 2 * 100 - 1);
    assertThat(lines.get(2)).startsWith("2024-03-01 00:05:00,");
  }

  @Test
  void tooFewPointsToJudgeAreWrittenNotJudged() throws IOException {
    Path file =
        write(
            "short.csv",
            List.of("timestamp,value", "2024-01-01,5", "2024-01-02,6", "2024-01-03,7"));

    Result result = run("score", "--input", file.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(lines(result.out())).hasSize(4).allMatch(l -> !l.contains("true"));
    assertThat(result.err()).contains("too few points to judge any");
  }

  // --- bad input: the file and line, exit code 2 ------------------------------------------------

  private Result badInput(String... lines) throws IOException {
    List<String> content = new ArrayList<>(List.of(lines));
    Path file = write("bad.csv", content);
    Result result = run("score", "--input", file.toString());
    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    return result;
  }

  private List<String> rowsWith(int line, String replacement) {
    List<String> lines = new ArrayList<>();
    lines.add("timestamp,value");
    lines.addAll(dailyRows());
    lines.set(line - 1, replacement);
    return lines;
  }

  @Test
  void aBadTimestampNamesTheFileAndLine() throws IOException {
    Result result = badInput(rowsWith(5, "2024-01-0x,100").toArray(String[]::new));

    assertThat(result.err())
        .startsWith("error: " + dir.resolve("bad.csv") + ":5: invalid timestamp '2024-01-0x'");
  }

  @Test
  void aNonNumericValueNamesTheFileAndLine() throws IOException {
    Result result = badInput(rowsWith(7, "2024-01-06,lots").toArray(String[]::new));

    assertThat(result.err()).contains("bad.csv:7: invalid value 'lots': not a number");
  }

  @Test
  void aWrongColumnCountNamesTheFileAndLine() throws IOException {
    Result result = badInput(rowsWith(9, "2024-01-08,5,extra").toArray(String[]::new));

    assertThat(result.err())
        .contains("bad.csv:9: expected 2 columns (timestamp,value), found 3: '2024-01-08,5,extra'");
  }

  @Test
  void blankLinesAndCommentsKeepLineNumbersRight() throws IOException {
    List<String> lines = rowsWith(2, "2024-01-01,100");
    lines.add(1, "# exported from the warehouse");
    lines.add(3, "");
    lines.set(6, "2024-01-05,many");

    Result result = badInput(lines.toArray(String[]::new));

    assertThat(result.err()).contains("bad.csv:7: invalid value 'many'");
  }

  @Test
  void aSinglePointCannotEvenHaveAStep() throws IOException {
    Result result = badInput("timestamp,value", "2024-01-01,5", "2024-01-01,6");

    assertThat(result.err())
        .contains("bad.csv: a series needs points at two different times at least to know its")
        .contains("got one");
  }

  @Test
  void malformedQuotingIsAnErrorNamingTheLine() throws IOException {
    Result result =
        badInput("timestamp,value", "2024-01-01,5", "2024-01-02,\"6\"x", "2024-01-03,7");

    assertThat(result.err()).contains("bad.csv: malformed CSV: ").contains("line: 3");
  }

  @Test
  void aMissingFileIsAnError() {
    Result result = run("score", "--input", dir.resolve("nope.csv").toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("nope.csv: no such file");
  }

  @Test
  void badOptionsAreErrorsWithExitCode2() throws IOException {
    String input = dailyFile().toString();

    assertThat(run("score", "--input", input, "--detector", "prophet").err())
        .contains("unknown detector 'prophet': expected one of seasonal, holt-winters");
    assertThat(run("score", "--input", input, "--period", "weekly").exitCode()).isEqualTo(2);
    assertThat(run("score", "--input", input, "--direction", "left").err())
        .contains("invalid direction 'left'");
    assertThat(run("score", "--input", input, "--sensitivity", "-1").exitCode()).isEqualTo(2);
    assertThat(run("score", "--input", input, "--format", "text").err())
        .contains("--format must be csv or json");
    assertThat(run("score").exitCode()).isEqualTo(2);
  }
}
