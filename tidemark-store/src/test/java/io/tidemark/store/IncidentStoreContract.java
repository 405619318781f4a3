package io.tidemark.store;

import static io.tidemark.store.StateFixtures.at;
import static io.tidemark.store.StateFixtures.materialized;
import static io.tidemark.store.StateFixtures.newIncident;
import static io.tidemark.store.StateFixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.state.Incident;
import io.tidemark.core.state.NewIncident;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every store does with incidents: reported damage and the states it marks invalid. */
interface IncidentStoreContract extends StoreContract {
  @Test
  default void recordedIncidentIsReadBackWithTheStatesItInvalidated() {
    store()
        .putPartitions(
            List.of(
                materialized(ORDERS, "2024-03-01", 1),
                materialized(ORDERS, "2024-03-02", 1),
                materialized(ORDERS, "2024-03-03", 1)));
    NewIncident reported =
        newIncident(ORDERS, Instant.parse("2024-03-06T08:00:00.123456Z"), DAYS_2_AND_1);
    List<PartitionState> invalidated =
        List.of(
            state(ORDERS, "2024-03-02", PartitionStatus.INVALID, "data-2024-03-02", 1, at(50)),
            state(ORDERS, "2024-03-01", PartitionStatus.INVALID, "data-2024-03-01", 1, at(50)));

    Incident incident = store().recordIncident(reported, invalidated);

    Incident expected =
        new Incident(
            incident.id(),
            ORDERS,
            "2024-03-01",
            "2024-03-05",
            DAYS_2_AND_1,
            "duplicated events from the collector",
            "ana",
            Instant.parse("2024-03-06T08:00:00.123Z"));
    assertThat(incident).isEqualTo(expected);
    assertThat(store().recentIncidents(10)).containsExactly(expected);
    assertThat(store().partition(ORDERS, "2024-03-01")).contains(invalidated.get(1));
    assertThat(store().partition(ORDERS, "2024-03-02")).contains(invalidated.get(0));
    assertThat(store().partition(ORDERS, "2024-03-03"))
        .contains(materialized(ORDERS, "2024-03-03", 1));
  }

  @Test
  default void anIncidentWithoutRangePartitionsOrStatesIsRecorded() {
    NewIncident reported = new NewIncident(REVENUE, "", "", List.of(), "late load", "ops", at(0));

    Incident incident = store().recordIncident(reported, List.of());

    assertThat(incident.partitions()).isEmpty();
    assertThat(incident.rangeStart()).isEmpty();
    assertThat(incident.rangeEnd()).isEmpty();
    assertThat(store().recentIncidents(10)).containsExactly(incident);
    assertThat(store().partitions(List.of())).isEmpty();
  }

  @Test
  default void anIncidentWhoseStatesCannotBeWrittenIsNotRecorded() throws SQLException {
    PartitionState invalid =
        state(ORDERS, "2024-03-01", PartitionStatus.INVALID, "data-v1", 1, at(50));
    renameTable("partition_states", "partition_states_away");
    try {
      assertThatThrownBy(
              () ->
                  store()
                      .recordIncident(
                          newIncident(ORDERS, at(50), List.of("2024-03-01")), List.of(invalid)))
          .isInstanceOf(TidemarkException.class)
          .extracting(e -> ((TidemarkException) e).code())
          .isEqualTo(ErrorCode.STATE_STORE);
    } finally {
      renameTable("partition_states_away", "partition_states");
    }

    assertThat(store().recentIncidents(10)).isEmpty();
    assertThat(store().partitions(List.of())).isEmpty();
  }

  @Test
  default void incidentPartitionKeysThatCannotBeStoredAreRefused() {
    assertThatThrownBy(
            () ->
                store()
                    .recordIncident(
                        newIncident(ORDERS, at(0), List.of("2024-03-01\n2024-03-02")), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> store().recordIncident(newIncident(ORDERS, at(0), List.of("")), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store().recentIncidents(10)).isEmpty();
  }

  @Test
  default void recentIncidentsAreNewestFirst() {
    Incident oldest = store().recordIncident(newIncident(ORDERS, at(0), DAYS_2_AND_1), List.of());
    Incident newest = store().recordIncident(newIncident(REVENUE, at(7200), List.of()), List.of());
    Incident middle =
        store().recordIncident(newIncident(ORDERS, at(3600), List.of("2024-03-04")), List.of());

    assertThat(store().recentIncidents(10)).containsExactly(newest, middle, oldest);
    assertThat(store().recentIncidents(2)).containsExactly(newest, middle);
    assertThat(store().recentIncidents(0)).isEmpty();
  }
}
