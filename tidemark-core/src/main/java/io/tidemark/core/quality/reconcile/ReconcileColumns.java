package io.tidemark.core.quality.reconcile;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The key and compared columns of a reconciliation, as the command line names them, then as the two
 * tables spell them.
 *
 * <p>{@code --key} names the key columns as the left table does. A {@code --columns} entry is
 * {@code LEFT=RIGHT}, or a bare name meaning the same name on both sides: it maps a key column when
 * it names one, and adds a compared column otherwise. {@code --compare} adds compared columns named
 * alike on both sides. When none of them names a compared column, every non-key column that both
 * tables have (by name, whatever the case) is compared.
 */
public final class ReconcileColumns {
  /** A column of both sides: the left table's name for it and the right table's. */
  public record Pair(String left, String right) {
    public Pair {
      requireNonNull(left, "left is null");
      requireNonNull(right, "right is null");
    }
  }

  /**
   * One side's table and its columns in table order.
   *
   * @param side {@code left} or {@code right}, for messages
   * @param description the table and its warehouse, for messages
   */
  public record Table(String side, String description, List<String> columns) {
    public Table {
      columns = List.copyOf(columns);
    }

    /** The table's own spelling of {@code name}, if it has such a column. */
    public Optional<String> spelling(String name) {
      return columns.stream().filter(column -> same(column, name)).findFirst();
    }

    /** The table's own spelling of {@code name}, or bad input naming the column and the table. */
    public String find(String name, String role) {
      return spelling(name)
          .orElseThrow(
              () ->
                  bad(
                      role
                          + " column "
                          + name
                          + " does not exist in the "
                          + side
                          + " table "
                          + description
                          + " (its columns: "
                          + String.join(", ", columns)
                          + ")"));
    }
  }

  /** The columns as both tables spell them; {@code shared} when none was named to compare. */
  public record Resolved(List<Pair> keys, List<Pair> compared, boolean shared) {
    public Resolved {
      keys = List.copyOf(keys);
      compared = List.copyOf(compared);
    }

    public List<String> leftKeys() {
      return keys.stream().map(Pair::left).toList();
    }

    public List<String> rightKeys() {
      return keys.stream().map(Pair::right).toList();
    }

    public List<String> leftCompared() {
      return compared.stream().map(Pair::left).toList();
    }

    public List<String> rightCompared() {
      return compared.stream().map(Pair::right).toList();
    }
  }

  private final List<Pair> keys;
  private final List<Pair> compared;

  private ReconcileColumns(List<Pair> keys, List<Pair> compared) {
    this.keys = List.copyOf(keys);
    this.compared = List.copyOf(compared);
  }

  /**
   * Reads the options; each may be repeated, and each value is a comma-separated list.
   *
   * @throws TidemarkException {@code INVALID_ARGUMENT} on a malformed entry or a column named twice
   */
  public static ReconcileColumns parse(
      List<String> key, List<String> columns, List<String> compare) {
    Map<String, Pair> keys = new LinkedHashMap<>();
    for (String name : names("--key", key)) {
      if (keys.put(lower(name), new Pair(name, name)) != null) {
        throw bad("--key names column " + name + " twice");
      }
    }
    if (keys.isEmpty()) {
      throw bad("--key needs at least one column");
    }
    Set<String> mappedKeys = new HashSet<>();
    Map<String, Pair> compared = new LinkedHashMap<>();
    for (String entry : entries("--columns", columns)) {
      String[] parts = entry.split("=", -1);
      if (parts.length > 2 || parts[0].isBlank() || (parts.length == 2 && parts[1].isBlank())) {
        throw bad(
            "--columns entry '"
                + entry
                + "' is neither COLUMN nor LEFT=RIGHT (for example amount or amount=total)");
      }
      String left = parts[0].strip();
      Pair pair = new Pair(left, parts.length == 2 ? parts[1].strip() : left);
      if (keys.containsKey(lower(left))) {
        if (!mappedKeys.add(lower(left))) {
          throw bad("--columns maps key column " + left + " twice");
        }
        keys.put(lower(left), new Pair(keys.get(lower(left)).left(), pair.right()));
      } else if (compared.put(lower(left), pair) != null) {
        throw bad("--columns names column " + left + " twice");
      }
    }
    for (String name : names("--compare", compare)) {
      if (keys.containsKey(lower(name))) {
        throw bad("--compare names " + name + ", a key column; keys are matched, not compared");
      }
      if (compared.put(lower(name), new Pair(name, name)) != null) {
        throw bad("column " + name + " is named twice by --columns and --compare");
      }
    }
    Set<String> rightNames = new HashSet<>();
    for (Pair pair : concat(keys.values(), compared.values())) {
      if (!rightNames.add(lower(pair.right()))) {
        throw bad("two columns are compared with the right table's column " + pair.right());
      }
    }
    return new ReconcileColumns(new ArrayList<>(keys.values()), new ArrayList<>(compared.values()));
  }

  /** Finds every column in its table, or compares every non-key column both tables have. */
  public Resolved resolve(Table left, Table right) {
    List<Pair> resolvedKeys = new ArrayList<>();
    for (Pair pair : keys) {
      resolvedKeys.add(new Pair(left.find(pair.left(), "key"), right.find(pair.right(), "key")));
    }
    if (!compared.isEmpty()) {
      List<Pair> resolved = new ArrayList<>();
      for (Pair pair : compared) {
        resolved.add(
            new Pair(left.find(pair.left(), "compared"), right.find(pair.right(), "compared")));
      }
      return new Resolved(resolvedKeys, resolved, false);
    }
    List<Pair> shared = new ArrayList<>();
    for (String column : left.columns()) {
      if (isKey(resolvedKeys, column, Pair::left)) {
        continue;
      }
      right
          .spelling(column)
          .filter(other -> !isKey(resolvedKeys, other, Pair::right))
          .ifPresent(other -> shared.add(new Pair(column, other)));
    }
    return new Resolved(resolvedKeys, shared, true);
  }

  private static boolean isKey(List<Pair> keys, String column, Function<Pair, String> side) {
    return keys.stream().anyMatch(pair -> same(side.apply(pair), column));
  }

  /** Bare column names: entries without {@code =}. */
  private static List<String> names(String option, List<String> values) {
    List<String> names = entries(option, values);
    for (String name : names) {
      if (name.contains("=")) {
        throw bad(option + " takes column names, not '" + name + "' (--columns maps names)");
      }
    }
    return names;
  }

  private static List<String> entries(String option, List<String> values) {
    List<String> entries = new ArrayList<>();
    for (String value : values == null ? List.<String>of() : values) {
      for (String entry : value.split(",", -1)) {
        if (entry.isBlank()) {
          throw bad(option + " '" + value + "' has an empty entry");
        }
        entries.add(entry.strip());
      }
    }
    return entries;
  }

  private static List<Pair> concat(Collection<Pair> first, Collection<Pair> second) {
    List<Pair> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  /** DuckDB, like most engines, resolves column names whatever their case. */
  public static boolean same(String a, String b) {
    return lower(a).equals(lower(b));
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static TidemarkException bad(String message) {
    return new TidemarkException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
