package io.tidemark.anomaly;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The detectors users can select by name; {@link #SEASONAL} is the default. */
public enum DetectorType {
  /** Robust seasonal naive with trend correction: see {@link SeasonalModel}. The default. */
  SEASONAL("seasonal") {
    @Override
    Model model(double[] observed, int period) {
      return new SeasonalModel(observed, period);
    }

    @Override
    int modelHistory(int period) {
      return SeasonalModel.minimumHistory(period);
    }
  },
  /** Additive Holt-Winters: see {@link HoltWintersModel}. */
  HOLT_WINTERS("holt-winters") {
    @Override
    Model model(double[] observed, int period) {
      return new HoltWintersModel(observed, period);
    }

    @Override
    int modelHistory(int period) {
      return HoltWintersModel.minimumHistory(period);
    }
  },
  /** Relative change against one period earlier: see {@link RateOfChangeModel}. */
  RATE_OF_CHANGE("rate-of-change") {
    @Override
    Model model(double[] observed, int period) {
      return new RateOfChangeModel(observed, period);
    }

    @Override
    int modelHistory(int period) {
      return RateOfChangeModel.minimumHistory(period);
    }
  };

  private final String label;

  DetectorType(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public Detector create(DetectorSettings settings) {
    return new SequentialDetector(this, settings);
  }

  abstract Model model(double[] observed, int period);

  /** Points the model needs before it can judge: its own need, whatever the settings say. */
  abstract int modelHistory(int period);

  /** Parses a detector name ({@code seasonal}, {@code holt-winters}, {@code rate-of-change}). */
  public static DetectorType parse(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (DetectorType type : values()) {
      if (type.label.equals(wanted)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "unknown detector '" + name + "': expected one of " + names());
  }

  public static String names() {
    return Arrays.stream(values()).map(DetectorType::label).collect(Collectors.joining(", "));
  }
}
