package io.tidemark.core.state;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import java.time.Instant;
import java.util.List;

/**
 * The result of evaluating one data-quality check on one partition of one asset.
 *
 * @param runId the run that evaluated it; 0 for an on-demand {@code tidemark check}
 * @param check the check's id within its asset, e.g. {@code not_null(user_id)} or {@code
 *     volume_anomaly}
 * @param partition the partition key's text form ({@code all} for unpartitioned)
 * @param severity {@value #WARN_SEVERITY} or {@value #ERROR_SEVERITY}; a {@link CheckStatus#WARN}
 *     is of a warn-severity check, a {@link CheckStatus#FAIL} of an error-severity one
 * @param observed what was measured, as text (e.g. {@code 3 rows}, {@code 12,345}); may be empty
 * @param expected the expected range or rule, as text (e.g. {@code 0 rows}, {@code 9,800..13,100});
 *     may be empty
 * @param sample a few failing rows rendered as text, at most {@value #MAX_SAMPLE_ROWS}; may be
 *     empty
 * @param message a one-line human explanation; empty on {@link CheckStatus#PASS}
 * @throws IllegalArgumentException for an empty check id or partition key, an unknown severity, a
 *     status the severity cannot have, or more than {@value #MAX_SAMPLE_ROWS} sample rows
 */
public record CheckResult(
    long runId,
    AssetName asset,
    String check,
    String partition,
    CheckStatus status,
    String severity,
    String observed,
    String expected,
    List<String> sample,
    String message,
    Instant checkedAt) {
  /** The severity of a check whose failure is a {@link CheckStatus#WARN}. */
  public static final String WARN_SEVERITY = "warn";

  /** The severity of a check whose failure is a {@link CheckStatus#FAIL}. */
  public static final String ERROR_SEVERITY = "error";

  /** Failing rows a result keeps at most. */
  public static final int MAX_SAMPLE_ROWS = 5;

  public CheckResult {
    requireNonNull(asset, "asset is null");
    requireNonNull(check, "check is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(status, "status is null");
    requireNonNull(severity, "severity is null");
    requireNonNull(observed, "observed is null");
    requireNonNull(expected, "expected is null");
    sample = List.copyOf(requireNonNull(sample, "sample is null"));
    requireNonNull(message, "message is null");
    requireNonNull(checkedAt, "checkedAt is null");
    if (check.isEmpty()) {
      throw new IllegalArgumentException("the check id of a result on " + asset + " is empty");
    }
    if (partition.isEmpty()) {
      throw new IllegalArgumentException("the partition key of check " + check + " is empty");
    }
    if (!severity.equals(WARN_SEVERITY) && !severity.equals(ERROR_SEVERITY)) {
      throw new IllegalArgumentException(
          "invalid severity '" + severity + "' of check " + check + ": use warn or error");
    }
    if (status == CheckStatus.WARN && !severity.equals(WARN_SEVERITY)
        || status == CheckStatus.FAIL && !severity.equals(ERROR_SEVERITY)) {
      throw new IllegalArgumentException(
          "check " + check + " of severity " + severity + " cannot end in status " + status);
    }
    if (sample.size() > MAX_SAMPLE_ROWS) {
      throw new IllegalArgumentException(
          "check "
              + check
              + " samples "
              + sample.size()
              + " rows; a result keeps at most "
              + MAX_SAMPLE_ROWS);
    }
  }
}
