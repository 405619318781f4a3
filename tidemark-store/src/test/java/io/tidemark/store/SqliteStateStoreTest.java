package io.tidemark.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.state.StateStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStateStoreTest extends StateStoreContractTest {
  private static final String RELATIVE_FILE = ".tidemark/state/tidemark.db";

  @TempDir Path projectRoot;

  @Override
  public StateStore openStore() {
    return StateStores.open("jdbc:sqlite:" + RELATIVE_FILE, projectRoot);
  }

  @Override
  public Connection connectDirectly() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + projectRoot.resolve(RELATIVE_FILE));
  }

  @Test
  void theDatabaseIsAFileUnderTheProjectInWriteAheadLogMode() throws SQLException {
    store.createRun(StateFixtures.newRun());

    assertThat(projectRoot.resolve(RELATIVE_FILE)).isRegularFile();
    try (Connection connection = connectDirectly();
        Statement statement = connection.createStatement();
        ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
      assertThat(mode.next()).isTrue();
      assertThat(mode.getString(1)).isEqualToIgnoringCase("wal");
    }
  }
}
