package io.tidemark.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check that lets a store open without Flyway answers "current" for a database Flyway has just
 * migrated, and nothing else: a changed, failed, unknown or missing migration sends the open
 * through Flyway, which then decides as it always has.
 */
class SchemaHistoryTest {
  @TempDir Path directory;

  private String url() {
    return "jdbc:sqlite:" + directory.resolve("state.db");
  }

  private void open() {
    try (StateStore store = StateStores.open(url(), directory)) {
      store.createRun(StateFixtures.newRun());
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @Test
  void thisBuildsMigrationsAreEveryFileOfTheDirectoryAndTheJavaOnes() throws Exception {
    Map<String, Integer> expected = Migrations.expected();
    Path sources = Path.of("src", "main", "resources", "db", "migration");
    try (Stream<Path> files = Files.list(sources)) {
      assertThat(files.count() + 1).isEqualTo(expected.size());
    }
    assertThat(expected).containsEntry(FillRowCountChunks.VERSION, null).containsKey("1");
  }

  @Test
  void aDatabaseFlywayMigratedIsCurrentAndANewOneIsNot() {
    assertThat(SchemaHistory.current(url(), Migrations.expected())).isFalse();
    open();
    assertThat(SchemaHistory.current(url(), Migrations.expected())).isTrue();
    // Opened again (now without Flyway), the store works as before.
    open();
  }

  @Test
  void aMigrationThisBuildHasAndTheDatabaseLacksIsNotCurrent() {
    open();
    Map<String, Integer> withAnother = new HashMap<>(Migrations.expected());
    withAnother.put("999", 1);
    assertThat(SchemaHistory.current(url(), withAnother)).isFalse();
    Map<String, Integer> withoutOne = new HashMap<>(Migrations.expected());
    withoutOne.remove("1");
    assertThat(SchemaHistory.current(url(), withoutOne)).isFalse();
  }

  @Test
  void aChangedMigrationIsNotCurrentAndFlywayRefusesIt() throws SQLException {
    open();
    execute("update " + SchemaHistory.TABLE + " set checksum = checksum + 1 where version = '1'");
    assertThat(SchemaHistory.current(url(), Migrations.expected())).isFalse();
    assertThatThrownBy(this::open)
        .isInstanceOf(TidemarkException.class)
        .hasMessageContaining("failed validation")
        .extracting(e -> ((TidemarkException) e).code())
        .isEqualTo(ErrorCode.STATE_STORE);
  }

  @Test
  void aFailedOrUnknownMigrationIsNotCurrent() throws SQLException {
    open();
    execute(
        "insert into "
            + SchemaHistory.TABLE
            + " (installed_rank, version, description, type, script, checksum, installed_by,"
            + " execution_time, success) values (1000, '1000', 'later', 'SQL', 'V1000__later.sql',"
            + " 7, 'someone', 1, 1)");
    assertThat(SchemaHistory.current(url(), Migrations.expected())).isFalse();
    // A migration of a later build is Flyway's to judge: it leaves it be.
    open();
    execute("update " + SchemaHistory.TABLE + " set success = 0 where version = '1000'");
    assertThat(SchemaHistory.current(url(), Migrations.expected())).isFalse();
  }

  @Test
  void aDatabaseThatCannotBeReadIsNotCurrent() throws Exception {
    Files.writeString(directory.resolve("state.db"), "not a database");
    assertThat(SchemaHistory.current(url(), Migrations.expected())).isFalse();
    assertThat(SchemaHistory.current("jdbc:nothing:here", Migrations.expected())).isFalse();
    assertThat(SchemaHistory.current(url(), Map.of())).isFalse();
  }

  @Test
  void theChecksumIsFlywaysOfTheFilesLines() throws Exception {
    // Line breaks of either kind and a byte-order mark do not count.
    int plain = checksum("create table a (x int);\nselect 1;\n");
    assertThat(checksum("\uFEFFcreate table a (x int);\r\nselect 1;")).isEqualTo(plain);
    assertThat(checksum("create table a (x int);\nselect 2;\n")).isNotEqualTo(plain);
  }

  private static int checksum(String text) throws Exception {
    return SchemaHistory.checksum(
        new java.io.ByteArrayInputStream(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}
