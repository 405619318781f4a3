package io.tidemark.cli.command;

import io.tidemark.anomaly.Detector;
import io.tidemark.anomaly.DetectorSettings;
import io.tidemark.anomaly.DetectorType;
import io.tidemark.anomaly.Direction;
import io.tidemark.anomaly.Judgement;
import io.tidemark.anomaly.Regularisation;
import io.tidemark.anomaly.SeasonalPeriod;
import io.tidemark.anomaly.SeriesKind;
import io.tidemark.anomaly.Steps;
import io.tidemark.anomaly.Verdict;
import io.tidemark.cli.output.Formats;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Volume anomaly detection on a series outside any project: {@code anomalies score}. */
@Command(
    name = "anomalies",
    mixinStandardHelpOptions = true,
    synopsisSubcommandLabel = "COMMAND",
    description = "Volume anomaly detection on a time series of row counts (or any values).",
    subcommands = AnomaliesCommand.Score.class)
public final class AnomaliesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "score",
      mixinStandardHelpOptions = true,
      description = {
        "Judge every point of a timestamp,value CSV series against the points before",
        "it, and write timestamp, value, score, expected_low, expected_high, anomalous,",
        "alert (true where an anomaly begins) and verdict for each. The header row is",
        "optional; timestamps are ISO-8601",
        "dates or date-times (UTC unless they carry an offset); an empty value is a",
        "missing point. Points may be out of order, repeated or unevenly spaced: they",
        "are made a regular series first (one row per step), and standard error says",
        "what was done.",
      })
  static final class Score implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "FILE", description = "CSV to score.")
    Path input;

    @Option(
        names = "--output",
        paramLabel = "FILE",
        description = "Where to write the judgements (default: standard output).")
    Path output;

    @Option(
        names = "--detector",
        paramLabel = "NAME",
        description = "seasonal, holt-winters or rate-of-change (default: ${DEFAULT-VALUE}).")
    String detector = DetectorType.SEASONAL.label();

    @Option(
        names = "--period",
        paramLabel = "auto|N",
        description =
            "Seasonal period in points, or auto to find it (a day of 5-minute points is 288,"
                + " a week of daily points 7; default: ${DEFAULT-VALUE}).")
    String period = "auto";

    @Option(
        names = "--sensitivity",
        paramLabel = "S",
        description =
            "Robust standard deviations a point may stray before it is an anomaly; lower flags"
                + " more (default: ${DEFAULT-VALUE}).")
    double sensitivity = DetectorSettings.DEFAULT_SENSITIVITY;

    @Option(
        names = "--direction",
        paramLabel = "both|up|down",
        description = "Which departures to report (default: ${DEFAULT-VALUE}).")
    String direction = "both";

    @Option(
        names = "--minimum-history",
        paramLabel = "N",
        description =
            "Points before the first judgement; the detector may need more"
                + " (default: ${DEFAULT-VALUE}).")
    int minimumHistory = DetectorSettings.DEFAULT_MINIMUM_HISTORY;

    @Option(
        names = "--kind",
        paramLabel = "metric|table",
        description =
            "metric: a missing point is a gap, not an anomaly; table: the values are a table's"
                + " row counts per partition, and a missing one is an anomaly"
                + " (default: ${DEFAULT-VALUE}).")
    String kind = SeriesKind.METRIC.label();

    @Option(
        names = "--format",
        paramLabel = "csv|json",
        description = "Output format (default: ${DEFAULT-VALUE}).")
    OutputFormat format = OutputFormat.csv;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      DetectorType type;
      DetectorSettings settings;
      SeriesKind seriesKind;
      try {
        type = DetectorType.parse(detector);
        settings = settings();
        seriesKind = SeriesKind.parse(kind);
      } catch (IllegalArgumentException e) {
        throw new TidemarkException(ErrorCode.INVALID_ARGUMENT, e.getMessage(), e);
      }
      if (format == OutputFormat.text) {
        throw new TidemarkException(
            ErrorCode.INVALID_ARGUMENT, "--format must be csv or json for anomalies score");
      }
      SeriesCsv.Read read = SeriesCsv.read(input, seriesKind);
      int points = settings.period().resolve(read.series());
      Detector fixed = type.create(settings.withPeriod(SeasonalPeriod.fixed(points)));
      List<Judgement> judgements = fixed.score(read.series());
      write(read, judgements);
      summarize(read, type, settings, points, fixed.minimumHistory(points), judgements);
      return 0;
    }

    private DetectorSettings settings() {
      if (!(sensitivity > 0) || Double.isInfinite(sensitivity)) {
        throw new TidemarkException(
            ErrorCode.INVALID_ARGUMENT,
            "--sensitivity must be a positive number, not " + sensitivity);
      }
      if (minimumHistory < 1) {
        throw new TidemarkException(
            ErrorCode.INVALID_ARGUMENT,
            "--minimum-history must be at least 1, not " + minimumHistory);
      }
      return DetectorSettings.defaults()
          .withSensitivity(sensitivity)
          .withDirection(Direction.parse(direction))
          .withPeriod(SeasonalPeriod.parse(period))
          .withMinimumHistory(minimumHistory);
    }

    private void write(SeriesCsv.Read read, List<Judgement> judgements) {
      if (output == null) {
        PrintWriter out = spec.commandLine().getOut();
        writeTo(read, judgements, out);
        return;
      }
      try (Writer out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
        writeTo(read, judgements, out);
      } catch (IOException e) {
        throw new TidemarkException(
            ErrorCode.INVALID_ARGUMENT, output + ": cannot write: " + e.getMessage(), e);
      } catch (UncheckedIOException e) {
        throw new TidemarkException(
            ErrorCode.INVALID_ARGUMENT, output + ": cannot write: " + e.getCause().getMessage(), e);
      }
    }

    private void writeTo(SeriesCsv.Read read, List<Judgement> judgements, Writer out) {
      if (format == OutputFormat.json) {
        JudgementWriter.json(read::timestamp, judgements, out);
      } else {
        JudgementWriter.csv(read::timestamp, judgements, out);
      }
    }

    /**
     * On standard error, so that standard output stays a clean CSV or JSON document: what was done
     * to make the points a regular series, then one line on the judgements.
     */
    private void summarize(
        SeriesCsv.Read read,
        DetectorType type,
        DetectorSettings settings,
        int points,
        int minimum,
        List<Judgement> judgements) {
      long anomalous = judgements.stream().filter(Judgement::anomalous).count();
      long alerts = judgements.stream().filter(Judgement::alert).count();
      long notJudged = judgements.stream().filter(j -> j.verdict() == Verdict.NOT_JUDGED).count();
      PrintWriter err = spec.commandLine().getErr();
      Regularisation report = read.regularised().report();
      err.println(
          "read "
              + Formats.plural(report.read(), "point")
              + " ("
              + read.series().kind().label()
              + ", step "
              + Steps.describe(report.step())
              + "): "
              + report.describe());
      if (judgements.size() <= minimum) {
        err.println(
            "too few points to judge any: the "
                + type.label()
                + " detector with period "
                + points
                + " judges a point only after "
                + minimum
                + " points of history");
      }
      err.println(
          "scored "
              + Formats.plural(judgements.size(), "point")
              + " with the "
              + type.label()
              + " detector (period "
              + points
              + (settings.period().isAuto() ? ", found automatically" : "")
              + ", sensitivity "
              + settings.sensitivity()
              + ", direction "
              + settings.direction().label()
              + "): "
              + Formats.count(anomalous)
              + " anomalous, "
              + Formats.count(notJudged)
              + " not judged");
      err.flush();
    }
  }
}
