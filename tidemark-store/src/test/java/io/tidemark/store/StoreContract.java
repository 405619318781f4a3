package io.tidemark.store;

import static io.tidemark.store.StateFixtures.asset;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.state.StateStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** What the store contracts share: the store under test, its database, and test data. */
interface StoreContract {
  AssetName ORDERS = asset("daily_orders");
  AssetName REVENUE = asset("daily_revenue");
  List<String> DAYS_2_AND_1 = List.of("2024-03-02", "2024-03-01");

  /** The store opened for the current test. */
  StateStore store();

  /** Opens the store under test; every call in one test opens the same database. */
  StateStore openStore();

  /** A plain connection to the store's database, to look at what the store cannot show. */
  Connection connectDirectly() throws SQLException;

  /** Moves a table out of the store's way, to make its next write fail. */
  default void renameTable(String from, String to) throws SQLException {
    try (Connection connection = connectDirectly();
        Statement statement = connection.createStatement()) {
      statement.execute("ALTER TABLE " + from + " RENAME TO " + to);
    }
  }
}
