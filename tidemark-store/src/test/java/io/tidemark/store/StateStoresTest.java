package io.tidemark.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.state.StateStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoresTest {
  @TempDir Path directory;

  @Test
  void anAbsoluteSqlitePathIsUsedAsGiven() {
    Path file = directory.resolve("elsewhere/state.db");

    try (StateStore store = StateStores.open("jdbc:sqlite:" + file, directory.resolve("project"))) {
      store.createRun(StateFixtures.newRun());
    }

    assertThat(file).isRegularFile();
    assertThat(directory.resolve("project")).doesNotExist();
  }

  @Test
  void anUnknownKindOfUrlIsAnInvalidArgumentNamingTheSupportedKinds() {
    assertThatThrownBy(() -> StateStores.open("jdbc:mysql://db/state?password=secret", directory))
        .isInstanceOf(TidemarkException.class)
        .hasMessageContaining("jdbc:mysql://db/state")
        .hasMessageContaining("jdbc:sqlite:")
        .hasMessageContaining("jdbc:postgresql:")
        .hasMessageNotContaining("secret")
        .extracting(e -> ((TidemarkException) e).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void anInMemorySqliteDatabaseIsRefused() {
    assertThatThrownBy(() -> StateStores.open("jdbc:sqlite::memory:", directory))
        .isInstanceOf(TidemarkException.class)
        .extracting(e -> ((TidemarkException) e).code())
        .isEqualTo(ErrorCode.INVALID_ARGUMENT);
  }

  @Test
  void anUnreachableDatabaseIsAStateStoreError() {
    assertThatThrownBy(
            () ->
                StateStores.open(
                    "jdbc:postgresql://127.0.0.1:1/test?user=postgres&password=secret"
                        + "&connectTimeout=2",
                    directory))
        .isInstanceOf(TidemarkException.class)
        .hasMessageContaining("127.0.0.1:1")
        .hasMessageNotContaining("secret")
        .extracting(e -> ((TidemarkException) e).code())
        .isEqualTo(ErrorCode.STATE_STORE);
  }

  @Test
  void theSchemaOfAPostgresUrlIsTheFirstOfItsCurrentSchema() {
    assertThat(Migrations.currentSchema("jdbc:postgresql://h/db?user=u&currentSchema=tm_a"))
        .contains("tm_a");
    assertThat(Migrations.currentSchema("jdbc:postgresql://h/db?currentSchema=tm_a%2Cpublic"))
        .contains("tm_a");
    assertThat(Migrations.currentSchema("jdbc:postgresql://h/db?user=u")).isEmpty();
    assertThat(Migrations.currentSchema("jdbc:postgresql://h/db")).isEmpty();
  }

  @Test
  void aRefusedConnectionSaysInOneLineWhereAndWhy() {
    assertThatThrownBy(
            () ->
                StateStores.open(
                    "jdbc:postgresql://127.0.0.1:5432/no_such_database_here?user=postgres"
                        + "&password=secret",
                    directory))
        .isInstanceOf(TidemarkException.class)
        .hasMessage(
            "cannot connect to the state store (PostgreSQL at 127.0.0.1:5432, database"
                + " 'no_such_database_here', user 'postgres'): database"
                + " \"no_such_database_here\" does not exist");
  }
}
