package io.tidemark.core.project;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.Materialization;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many adjacent partitions of a model one statement builds. A batch renders the model once,
 * with {@code partition_start} the start of its first partition and {@code partition_end} the end
 * of its last, so it is right only when the model's rows decide their own partition and the bounds
 * just filter what it reads: then the result over the span is the union of the results of its
 * partitions. A model that makes a value of a bound ({@code date '{{ partition_start }}' as day})
 * would give one partition's value to every row of the batch, so by default a model is batched only
 * when its template uses the bounds as a lower bound ({@code >=} or {@code >} before {@code
 * partition_start}) and an upper bound ({@code <} or {@code <=} before {@code partition_end}), or
 * in {@code between}, and nowhere else; {@code partition_key}, {@code this} and {@code
 * is_incremental()} keep it per partition too. {@code batch_size} in the model's properties
 * overrides the default: {@code 1} builds it a partition at a time. A model batched by its {@code
 * batch_size} whose template the default rule rejects is built partition by partition ({@link
 * #partitionWise}), unless it reads itself.
 */
final class BatchSizes {
  /** A month of days; a failure redoes at most this many partitions. */
  static final int DEFAULT = 31;

  private static final Pattern VARIABLE = Pattern.compile("\\bpartition_(start|end|key)\\b");

  /** The model reads its own table, whose rows a batch is replacing. */
  private static final Pattern READS_ITSELF =
      Pattern.compile("\\{\\{-?\\s*this\\s*-?}}|\\bis_incremental\\s*\\(");

  /** A bound in an expression of its own, e.g. {@code {{ partition_start }}}. */
  private static final Pattern EXPRESSION =
      Pattern.compile("\\{\\{-?\\s*partition_(start|end)\\s*-?}}");

  /** What may stand before {@code partition_start}: a lower bound, a quote, a type name. */
  private static final Pattern LOWER =
      Pattern.compile(
          "(?:>=|(?<![<>=!])>|\\bbetween)\\s*(?:(?:date|timestamp)\\s*)?'?\\s*$",
          Pattern.CASE_INSENSITIVE);

  /** What may stand before {@code partition_end}: an upper bound (or between's second half). */
  private static final Pattern UPPER =
      Pattern.compile(
          "(?:<=|<(?![>=])|\\band)\\s*(?:(?:date|timestamp)\\s*)?'?\\s*$",
          Pattern.CASE_INSENSITIVE);

  private BatchSizes() {}

  /** The batch size of {@code asset}: {@code declared} when given, else its default. */
  static int of(Asset asset, Integer declared) {
    return of(asset, declared, null);
  }

  /**
   * @param boundsOnlyFilter what {@link #boundsOnlyFilter} says of the asset's template when
   *     already known (from the project cache), else null
   */
  static int of(Asset asset, Integer declared, Boolean boundsOnlyFilter) {
    if (asset.materialization() != Materialization.INCREMENTAL || !asset.isPartitioned()) {
      return 1;
    }
    if (declared != null) {
      return declared;
    }
    boolean bounds = boundsOnlyFilter != null ? boundsOnlyFilter : boundsOnlyFilter(asset.sql());
    return bounds ? DEFAULT : 1;
  }

  /**
   * Whether a batch of a model with this template renders each partition's own select and writes
   * their union, which is exactly the partitions built one at a time: when the bounds do more than
   * filter (a select over the span would be wrong) and the model does not read itself (each
   * partition's select would read the table as it was before the batch, not after the partitions
   * before it).
   */
  static boolean partitionWise(String template) {
    return !READS_ITSELF.matcher(template).find() && !boundsOnlyFilter(template);
  }

  /** Whether the template uses the partition bounds only as bounds on what it reads. */
  static boolean boundsOnlyFilter(String template) {
    if (READS_ITSELF.matcher(template).find()) {
      return false;
    }
    Matcher variables = VARIABLE.matcher(template);
    while (variables.find()) {
      String name = variables.group();
      if (!name.equals("partition_start") && !name.equals("partition_end")) {
        return false;
      }
      Matcher expression = expressionAround(template, variables.start());
      if (expression == null) {
        return false;
      }
      String before = template.substring(Math.max(0, expression.start() - 40), expression.start());
      Pattern allowed = name.equals("partition_start") ? LOWER : UPPER;
      if (!allowed.matcher(before.toLowerCase(Locale.ROOT)).find()) {
        return false;
      }
    }
    return true;
  }

  /** The {@code {{ partition_… }}} expression holding the variable at {@code at}, or null. */
  private static Matcher expressionAround(String template, int at) {
    int open = template.lastIndexOf("{{", at);
    if (open < 0) {
      return null;
    }
    Matcher expression = EXPRESSION.matcher(template);
    expression.region(open, template.length());
    return expression.lookingAt() && expression.end() > at ? expression : null;
  }
}
