package io.tidemark.core.project;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetKind;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A load through the project cache gives exactly what a cold load gives, whatever changed since the
 * cache was written; and it parses only the models whose rendered SQL it has not seen.
 */
class ProjectCacheTest {
  private static final String CONFIG =
      """
      name: cached
      start: 2024-01-01
      vars:
        factor: 2
        region: ${REGION:-eu}
      """;

  @TempDir Path directory;

  private final AtomicInteger parses = new AtomicInteger();
  private final Map<String, String> environment = new HashMap<>();

  private ProjectFiles files() {
    return ProjectFiles.in(directory);
  }

  /** raw.events → a → b → c, with d beside them reading a var, e including a macro. */
  private ProjectFiles chain() {
    return files()
        .config(CONFIG)
        .yaml("sources.yml", ProjectFiles.DAILY_SOURCE)
        .yaml(
            "properties.yml",
            """
            models:
              - name: a
                partitioning: {grain: day, column: event_time}
              - name: b
                partitioning: {grain: day, column: event_time}
              - name: c
                partitioning: {grain: day, column: event_time}
            """)
        .model(
            "staging/a",
            "select event_time, 1 as n from {{ source('raw', 'events') }}"
                + " where event_time >= '{{ partition_start }}' and event_time < '{{ partition_end }}'")
        .model("staging/b", "select event_time, n * 2 as n from {{ ref('a') }}")
        .model("marts/c", "select event_time, sum(n) as n from {{ ref('b') }} group by all")
        .model("marts/d", "select {{ var('factor') }} as factor, '{{ var('region') }}' as region")
        .file("macros/double.sql", "{% macro double(x) %}{{ x }} * 2{% endmacro %}")
        .model(
            "marts/e",
            "{% import 'macros/double.sql' as m %}select {{ m.double('n') }} as n from {{ ref('a') }}")
        .model(
            "marts/f",
            "{% import 'macros/double.sql' as m %}select {{ m.double('n') }} as n from {{ ref('b') }}");
  }

  /** Loads through the cache, checks it equals a cold load, and says how many parses it made. */
  private int loadsAsCold() {
    parses.set(0);
    Outcome cached =
        outcome(new ProjectLoader(FakeWarehouseProvider.counting(parses), env()).cached());
    int parsed = parses.get();
    Outcome cold =
        outcome(new ProjectLoader(FakeWarehouseProvider.counting(new AtomicInteger()), env()));
    assertThat(cached).isEqualTo(cold);
    return parsed;
  }

  private UnaryOperator<String> env() {
    Map<String, String> copy = Map.copyOf(environment);
    return copy::get;
  }

  /** What a load gives: the project's every visible part, or its problems. */
  private record Outcome(Map<AssetName, List<Object>> assets, String problems) {}

  private Outcome outcome(ProjectLoader loader) {
    Project project;
    try {
      project = loader.load(directory);
    } catch (TidemarkException e) {
      return new Outcome(Map.of(), e.getMessage());
    }
    Map<AssetName, List<Object>> assets = new LinkedHashMap<>();
    for (AssetName name : project.graph().topologicalOrder()) {
      Asset asset = project.asset(name);
      String rendered =
          asset.kind() == AssetKind.SOURCE
              ? ""
              : project
                  .renderer()
                  .render(
                      asset,
                      PartitionKey.containing(
                          asset.partitioning().grain(), asset.start().atStartOfDay()))
                  .sql();
      assets.put(
          asset.name(),
          List.of(
              asset,
              project.codeVersion(asset.name()),
              project.checks(asset.name()),
              project.batchSize(asset.name()),
              project.load(asset.name()).map(Object.class::cast).orElse("no load"),
              rendered));
    }
    return new Outcome(assets, "");
  }

  @Test
  void anUnchangedProjectLoadsWithoutParsingAgain() {
    chain();
    assertThat(loadsAsCold()).isEqualTo(6);
    assertThat(directory.resolve(".tidemark/project-cache/models.json")).isRegularFile();

    assertThat(loadsAsCold()).isZero();
  }

  @Test
  void anEditedModelIsParsedAgainAndNothingElse() {
    chain();
    loadsAsCold();

    files().model("staging/b", "select event_time, n * 3 as n from {{ ref('a') }}");

    assertThat(loadsAsCold()).isEqualTo(1);
  }

  @Test
  void anEditThatRendersTheSameSqlNeedsNoParse() {
    chain();
    loadsAsCold();

    files()
        .model(
            "marts/d",
            "select {{ var('factor') }} as factor, '{{ var('region', 'x') }}' as region");

    assertThat(loadsAsCold()).isZero();
  }

  @Test
  void aTemplateThatStopsUsingTheBoundsAsFiltersStopsBeingBatched() {
    chain();
    loadsAsCold();
    Project cached =
        new ProjectLoader(FakeWarehouseProvider.counting(parses), env()).cached().load(directory);
    assertThat(cached.batchSize(AssetName.parse("staging.a"))).isEqualTo(BatchSizes.DEFAULT);

    files()
        .model(
            "staging/a",
            "select event_time, date '{{ partition_start }}' as day from {{ source('raw', 'events') }}");

    loadsAsCold();
    cached =
        new ProjectLoader(FakeWarehouseProvider.counting(parses), env()).cached().load(directory);
    assertThat(cached.batchSize(AssetName.parse("staging.a"))).isEqualTo(1);
  }

  @Test
  void addedRemovedAndRenamedModelsLoadAsCold() {
    chain();
    loadsAsCold();

    files().model("marts/g", "select * from {{ ref('c') }}");
    assertThat(loadsAsCold()).isEqualTo(1);

    delete("models/marts/g.sql");
    assertThat(loadsAsCold()).isZero();

    // c renamed to c2: b's readers that name c now fail, exactly as a cold load says.
    files().model("marts/g", "select * from {{ ref('c') }}");
    loadsAsCold();
    move("models/marts/c.sql", "models/marts/c2.sql");
    loadsAsCold();
    files().model("marts/g", "select * from {{ ref('c2') }}");
    loadsAsCold();
    // And back: g's cached render named c2, which no longer exists.
    move("models/marts/c2.sql", "models/marts/c.sql");
    loadsAsCold();
  }

  @Test
  void aModelThatAppearsUnderANameARefMissedBeforeIsResolved() {
    chain();
    files().model("marts/g", "select * from {{ ref('h') }}");
    loadsAsCold();

    files().model("marts/h", "select 1 as n");

    loadsAsCold();
  }

  @Test
  void changedPropertiesLoadAsCold() {
    chain();
    loadsAsCold();

    // a monthly: the identity mapping from a to b becomes impossible, b's problem shows.
    files()
        .yaml(
            "properties.yml",
            """
            models:
              - name: a
                partitioning: {grain: month, column: event_time}
              - name: b
                partitioning: {grain: day, column: event_time}
              - name: c
                materialization: incremental
                partitioning: {grain: day, column: event_time}
            """);
    loadsAsCold();

    files()
        .yaml(
            "properties.yml",
            """
            models:
              - name: b
                partitioning: {grain: day, column: event_time}
                depends_on:
                  - asset: a
                    mapping: window(3)
              - name: a
                partitioning: {grain: day, column: event_time}
            """);
    loadsAsCold();
  }

  @Test
  void changedVarsRenderAgainTheModelsThatReadThem() {
    chain();
    loadsAsCold();

    files().config(CONFIG.replace("factor: 2", "factor: 3"));

    assertThat(loadsAsCold()).isEqualTo(1);
  }

  @Test
  void aChangedEnvironmentVariableLoadsAsColdAndRendersNothingAgain() {
    // Templates see the environment through nothing: vars are taken as written, ${...} included.
    chain();
    loadsAsCold();

    environment.put("REGION", "us");
    assertThat(loadsAsCold()).isZero();

    environment.remove("REGION");
    assertThat(loadsAsCold()).isZero();
  }

  @Test
  void aChangedMacroRendersAgainEveryModelThatImportsIt() {
    chain();
    loadsAsCold();

    files().file("macros/double.sql", "{% macro double(x) %}{{ x }} + {{ x }}{% endmacro %}");
    assertThat(loadsAsCold()).isEqualTo(2);

    delete("macros/double.sql");
    loadsAsCold();
  }

  @Test
  void switchingBranchesBackAndForthLoadsAsCold() {
    chain();
    Map<String, String> main = snapshot();
    loadsAsCold();

    // The other branch: several files at once, one model gone, one new, a changed config.
    files()
        .config(CONFIG.replace("factor: 2", "factor: 5"))
        .model("staging/b", "select event_time, n + 1 as n from {{ ref('a') }}")
        .model("marts/g", "select * from {{ ref('b') }}")
        .file("macros/double.sql", "{% macro double(x) %}({{ x }}) * 2{% endmacro %}");
    delete("models/marts/c.sql");
    Map<String, String> feature = snapshot();
    loadsAsCold();

    checkout(main);
    loadsAsCold();
    checkout(feature);
    loadsAsCold();
    checkout(main);
    loadsAsCold();
  }

  @Test
  void aCorruptCacheIsIgnoredAndRewritten() throws IOException {
    chain();
    loadsAsCold();
    Path cache = directory.resolve(".tidemark/project-cache/models.json");

    // Without the whole-project snapshot, which would answer before the models' cache is read.
    Files.writeString(cache, "{\"format\": 1, \"build\": \"x\", \"mod");
    Files.delete(snapshotFile());
    assertThat(loadsAsCold()).isEqualTo(6);
    assertThat(loadsAsCold()).isZero();

    Files.writeString(cache, "not json at all");
    Files.delete(snapshotFile());
    assertThat(loadsAsCold()).isEqualTo(6);

    String written = Files.readString(cache);
    Files.writeString(cache, written.replaceFirst("\"format\":\\d+", "\"format\":99"));
    Files.delete(snapshotFile());
    assertThat(loadsAsCold()).isEqualTo(6);
  }

  @Test
  void aModelEditedIntoAnSqlErrorReportsItAsACold() {
    chain();
    loadsAsCold();
    files()
        .model("staging/a", "select event_time, 1 as n from {{ source('raw', 'events') }} where");

    loadsAsCold();
  }

  @Test
  void randomEditsAlwaysLoadAsCold() {
    for (long seed = 1; seed <= 8; seed++) {
      clean();
      Random random = new Random(seed);
      RandomProject project = new RandomProject(random, files());
      project.write();
      loadsAsCold();
      for (int step = 0; step < 25; step++) {
        project.edit();
        loadsAsCold();
      }
    }
  }

  // The whole-project snapshot (ProjectSnapshot): an unchanged project loads from it without
  // reading its models; any change to what the load read is a miss.

  @Test
  void anUnchangedProjectLoadsFromTheSnapshotWithoutReadingItsModels() throws IOException {
    chain();
    loadsAsCold();
    settle();
    loadsAsCold();

    // A hit reads neither the models nor their cache, so it does not write that cache again.
    Files.delete(modelsCache());
    assertThat(loadsAsCold()).isZero();
    assertThat(modelsCache()).doesNotExist();
    assertThat(snapshotFile()).exists();
  }

  @Test
  void filesWhoseTimesMovedButNotTheirTextsStillLoadFromTheSnapshot() throws IOException {
    chain();
    loadsAsCold();
    settle();
    // A checkout of the same commit, a touch: every time moves, no text changes.
    settle(java.time.Duration.ofMinutes(30));
    Files.delete(modelsCache());
    assertThat(loadsAsCold()).isZero();
    assertThat(modelsCache()).doesNotExist();
  }

  @Test
  void anEditOfTheSameSizeAndTimeIsSeenWhileTheTimeIsRecent() throws IOException {
    chain();
    loadsAsCold();
    Path file = directory.resolve("models/staging/b.sql");
    java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(file);
    files().model("staging/b", "select event_time, n * 3 as n from {{ ref('a') }}");
    Files.setLastModifiedTime(file, time);

    assertThat(loadsAsCold()).isEqualTo(1);
  }

  @Test
  void editedAddedRemovedAndRenamedFilesOfASettledProjectLoadAsCold() throws IOException {
    chain();
    loadsAsCold();
    settle();
    loadsAsCold();

    files().model("staging/b", "select event_time, n * 3 as n from {{ ref('a') }}");
    assertThat(loadsAsCold()).isEqualTo(1);
    settle();

    files().model("marts/g", "select event_time, n from {{ ref('c') }}");
    assertThat(loadsAsCold()).isEqualTo(1);
    settle();

    delete("models/marts/g.sql");
    loadsAsCold();
    settle();

    move("models/marts/d.sql", "models/marts/d2.sql");
    loadsAsCold();
    settle();

    files().yaml("more.yml", "models:\n  - name: c\n    description: the sums\n");
    TidemarkException duplicate = null;
    try {
      new ProjectLoader(FakeWarehouseProvider.counting(parses), env()).cached().load(directory);
    } catch (TidemarkException e) {
      duplicate = e;
    }
    loadsAsCold();
    settle();

    delete("models/more.yml");
    files()
        .yaml(
            "properties.yml",
            Files.readString(directory.resolve("models/properties.yml"))
                .replace("- name: c\n", "- name: c\n    owner: finance\n"));
    loadsAsCold();
    assertThat(
            new ProjectLoader(FakeWarehouseProvider.counting(parses), env())
                .cached()
                .load(directory)
                .asset(AssetName.of("marts", "c"))
                .owner())
        .isEqualTo("finance");
    assertThat(duplicate == null || duplicate.getMessage().contains("more.yml")).isTrue();
  }

  @Test
  void aChangedConfigEnvironmentOrMacroOfASettledProjectLoadsAsCold() throws IOException {
    chain();
    loadsAsCold();
    settle();
    loadsAsCold();

    files().config(CONFIG.replace("factor: 2", "factor: 3"));
    assertThat(loadsAsCold()).isEqualTo(1);
    settle();

    environment.put("REGION", "us");
    loadsAsCold();
    settle();

    files().file("macros/double.sql", "{% macro double(x) %}{{ x }} + {{ x }}{% endmacro %}");
    assertThat(loadsAsCold()).isEqualTo(2);
  }

  @Test
  void aSnapshotOfAnotherBuildOrACorruptOneIsNotUsed() throws IOException {
    chain();
    loadsAsCold();
    settle();
    loadsAsCold();
    byte[] written = Files.readAllBytes(snapshotFile());

    // Another build: the build's name, right after the magic number, format and its length.
    byte[] other = written.clone();
    other[12] ^= 1;
    Files.write(snapshotFile(), other);
    Files.delete(modelsCache());
    assertThat(loadsAsCold()).isEqualTo(6);

    // Another format.
    other = Files.readAllBytes(snapshotFile());
    other[7] = 99;
    Files.write(snapshotFile(), other);
    Files.delete(modelsCache());
    assertThat(loadsAsCold()).isEqualTo(6);

    // Cut short, and garbage in the payload.
    other = Files.readAllBytes(snapshotFile());
    Files.write(snapshotFile(), java.util.Arrays.copyOf(other, other.length / 2));
    Files.delete(modelsCache());
    assertThat(loadsAsCold()).isEqualTo(6);
    other = Files.readAllBytes(snapshotFile());
    for (int i = other.length - 200; i < other.length; i += 7) {
      other[i] ^= 0x5a;
    }
    Files.write(snapshotFile(), other);
    loadsAsCold();
  }

  @Test
  void randomEditsOfASettledProjectAlwaysLoadAsCold() {
    // As randomEditsAlwaysLoadAsCold, but with every file's time settled in the past between
    // loads, so that unchanged files are trusted by size and time and edits are seen by theirs.
    for (long seed = 11; seed <= 22; seed++) {
      clean();
      Random random = new Random(seed);
      RandomProject project = new RandomProject(random, files());
      project.write();
      loadsAsCold();
      for (int step = 0; step < 25; step++) {
        settle();
        if (random.nextInt(4) == 0) {
          loadsAsCold();
        }
        project.edit();
        loadsAsCold();
      }
    }
  }

  private Path snapshotFile() {
    return directory.resolve(".tidemark/project-cache/project.bin");
  }

  private Path modelsCache() {
    return directory.resolve(".tidemark/project-cache/models.json");
  }

  /** Sets every project file's time an hour back, as if written long before the next load. */
  private void settle() {
    settle(java.time.Duration.ofHours(1));
  }

  private void settle(java.time.Duration ago) {
    java.nio.file.attribute.FileTime time =
        java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(ago));
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path file :
          walk.filter(Files::isRegularFile)
              .filter(f -> !directory.relativize(f).startsWith(".tidemark"))
              .toList()) {
        Files.setLastModifiedTime(file, time);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A small project of daily models in layers that a seeded random source edits: SQL, references,
   * vars, the macro, properties, added and removed models.
   */
  private final class RandomProject {
    private final Random random;
    private final ProjectFiles files;
    private final Map<String, String> models = new LinkedHashMap<>();
    private int next;

    RandomProject(Random random, ProjectFiles files) {
      this.random = random;
      this.files = files;
    }

    void write() {
      files.config(CONFIG).yaml("sources.yml", ProjectFiles.DAILY_SOURCE);
      files.file("macros/double.sql", "{% macro double(x) %}{{ x }} * 2{% endmacro %}");
      for (int i = 0; i < 8; i++) {
        add();
      }
      properties();
    }

    void edit() {
      switch (random.nextInt(8)) {
        case 0 -> add();
        case 1 -> remove();
        case 2, 3 -> rewrite(pick());
        case 4 -> files.config(CONFIG.replace("factor: 2", "factor: " + random.nextInt(3)));
        case 5 ->
            files.file(
                "macros/double.sql",
                "{% macro double(x) %}{{ x }} * " + random.nextInt(3) + "{% endmacro %}");
        case 6 -> properties();
        default -> environment.put("REGION", random.nextBoolean() ? "eu" : "us");
      }
    }

    private String pick() {
      List<String> names = List.copyOf(models.keySet());
      return names.isEmpty() ? null : names.get(random.nextInt(names.size()));
    }

    private void add() {
      String name = "m" + next++;
      models.put(name, "");
      rewrite(name);
    }

    private void remove() {
      String name = pick();
      if (name != null) {
        models.remove(name);
        delete("models/m/" + name + ".sql");
      }
    }

    private void rewrite(String name) {
      if (name == null) {
        return;
      }
      List<String> others = models.keySet().stream().filter(n -> !n.equals(name)).toList();
      // Names a model that may not exist (any earlier number): a problem some loads report.
      String upstream =
          others.isEmpty() || random.nextInt(6) == 0
              ? "{{ ref('m" + random.nextInt(next) + "') }}"
              : random.nextInt(4) == 0
                  ? "{{ source('raw', 'events') }}"
                  : "{{ ref('" + others.get(random.nextInt(others.size())) + "') }}";
      String select =
          switch (random.nextInt(4)) {
            case 0 -> "event_time, {{ var('factor') }} as n";
            case 1 -> "event_time, '{{ var('region') }}' as n";
            case 2 -> "{% import 'macros/double.sql' as m %}event_time, {{ m.double('1') }} as n";
            default -> "event_time, " + random.nextInt(5) + " as n";
          };
      String sql =
          select.startsWith("{%")
              ? select.replace("event_time", "select event_time") + " from " + upstream
              : "select " + select + " from " + upstream;
      models.put(name, sql);
      files.model("m/" + name, sql);
    }

    private void properties() {
      StringBuilder yaml = new StringBuilder("models:\n");
      for (String name : models.keySet()) {
        if (random.nextInt(3) > 0) {
          String grain = random.nextInt(5) == 0 ? "month" : "day";
          yaml.append("  - name: ")
              .append(name)
              .append("\n    partitioning: {grain: ")
              .append(grain)
              .append(", column: event_time}\n");
        }
      }
      files.yaml("properties.yml", yaml.toString());
    }
  }

  private Map<String, String> snapshot() {
    Map<String, String> files = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path file :
          walk.filter(Files::isRegularFile)
              .filter(f -> !directory.relativize(f).startsWith(".tidemark"))
              .toList()) {
        files.put(directory.relativize(file).toString(), Files.readString(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** Replaces the project's files by {@code files}, as a checkout does; the cache stays. */
  private void checkout(Map<String, String> files) {
    snapshot().keySet().forEach(this::delete);
    files.forEach((path, text) -> files().file(path, text));
  }

  private void clean() {
    try (Stream<Path> walk = Files.walk(directory)) {
      walk.sorted(java.util.Comparator.reverseOrder())
          .filter(p -> !p.equals(directory))
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    environment.clear();
  }

  private void delete(String relative) {
    try {
      Files.deleteIfExists(directory.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void move(String from, String to) {
    try {
      Files.move(directory.resolve(from), directory.resolve(to));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
