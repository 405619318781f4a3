package io.tidemark.server;

class SqliteSchedulerTest extends SchedulerContractTest {
  @Override
  String stateUrl() {
    return "jdbc:sqlite:.tidemark/state.db";
  }
}
