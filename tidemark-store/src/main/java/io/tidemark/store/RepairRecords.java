package io.tidemark.store;

import static io.tidemark.store.Rows.INCIDENT_COLUMNS;
import static io.tidemark.store.Rows.RUN_COLUMNS;
import static io.tidemark.store.Rows.generatedId;
import static io.tidemark.store.Rows.millis;
import static io.tidemark.store.Rows.stored;
import static java.util.Objects.requireNonNull;

import io.tidemark.core.state.Incident;
import io.tidemark.core.state.NewIncident;
import io.tidemark.core.state.NewRepair;
import io.tidemark.core.state.NewRun;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.Repair;
import io.tidemark.core.state.RepairStatus;
import io.tidemark.core.state.RepairTask;
import io.tidemark.core.state.Run;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The incidents and repairs part of {@link JdbcStateStore}: incidents with the partitions they
 * invalidate, repair plans, and the runs that execute them, started only when they overlap no
 * running repair. Every method is its own transaction.
 */
final class RepairRecords {
  private static final String INSERT_INCIDENT =
      "INSERT INTO incidents (asset, range_start, range_end, partitions, reason, reported_by,"
          + " reported_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
  private static final String RECENT_INCIDENTS =
      "SELECT " + INCIDENT_COLUMNS + " FROM incidents ORDER BY reported_at DESC, id DESC LIMIT ?";
  private static final String RUNS_OF_REPAIR =
      "SELECT "
          + RUN_COLUMNS
          + " FROM runs WHERE id IN (SELECT run_id FROM repair_runs WHERE repair_id = ?)"
          + " ORDER BY id";

  private final StoreConnection connection;

  RepairRecords(StoreConnection connection) {
    this.connection = requireNonNull(connection, "connection is null");
  }

  Incident recordIncident(NewIncident incident, Collection<PartitionState> invalidated) {
    requireNonNull(incident, "incident is null");
    requireNonNull(invalidated, "invalidated is null");
    String partitions = Rows.joinPartitionKeys(incident.partitions());
    List<PartitionState> toWrite = List.copyOf(invalidated);
    long id =
        connection.write(
            "record incident on " + incident.asset(),
            statements -> {
              PreparedStatement insert = statements.prepare(INSERT_INCIDENT);
              insert.setString(1, incident.asset().toString());
              insert.setString(2, incident.rangeStart());
              insert.setString(3, incident.rangeEnd());
              insert.setString(4, partitions);
              insert.setString(5, incident.reason());
              insert.setString(6, incident.reportedBy());
              insert.setLong(7, millis(incident.reportedAt()));
              long incidentId = generatedId(insert);
              if (!toWrite.isEmpty()) {
                PartitionStateTable.upsertAll(statements, connection.dialect(), toWrite);
              }
              return incidentId;
            });
    return new Incident(
        id,
        incident.asset(),
        incident.rangeStart(),
        incident.rangeEnd(),
        incident.partitions(),
        incident.reason(),
        incident.reportedBy(),
        stored(incident.reportedAt()));
  }

  List<Incident> recentIncidents(int limit) {
    return connection.read(
        "read recent incidents",
        statements -> {
          PreparedStatement query = statements.prepare(RECENT_INCIDENTS);
          query.setInt(1, limit);
          Rows.AssetNames names = new Rows.AssetNames();
          List<Incident> incidents = new ArrayList<>();
          try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
              incidents.add(Rows.incident(rows, names));
            }
          }
          return incidents;
        });
  }

  Repair createRepair(NewRepair repair) {
    requireNonNull(repair, "repair is null");
    Set<RepairTask> distinct = new HashSet<>();
    for (RepairTask task : repair.tasks()) {
      if (!distinct.add(task)) {
        throw new IllegalArgumentException(
            "the repair plan lists " + task.asset() + " " + task.partition() + " twice");
      }
    }
    long id =
        connection.write(
            "create repair of " + repair.target(),
            statements -> RepairTables.insert(statements, repair));
    return new Repair(
        id,
        repair.target(),
        repair.rangeStart(),
        repair.rangeEnd(),
        repair.exclude(),
        repair.stopAt(),
        repair.createdBy(),
        stored(repair.createdAt()),
        repair.tasks().size(),
        RepairStatus.PLANNED,
        0);
  }

  Optional<Repair> findRepair(long repairId) {
    return connection.read(
        "read repair " + repairId, statements -> RepairTables.find(statements, repairId));
  }

  List<Repair> recentRepairs(int limit) {
    return connection.read(
        "read recent repairs", statements -> RepairTables.recent(statements, limit));
  }

  List<RepairTask> repairTasks(long repairId) {
    return connection.read(
        "read tasks of repair " + repairId, statements -> RepairTables.tasks(statements, repairId));
  }

  Set<RepairTask> completedRepairTasks(long repairId) {
    return connection.read(
        "read completed tasks of repair " + repairId,
        statements -> RepairTables.completed(statements, repairId));
  }

  Run startRepairRun(long repairId, Collection<RepairTask> tasks, NewRun run) {
    requireNonNull(tasks, "tasks is null");
    requireNonNull(run, "run is null");
    // Hashed before the transaction: the check then reads each running plan once.
    Set<RepairTask> wanted = new HashSet<>(tasks);
    long id =
        connection.write(
            "start a run of repair " + repairId,
            statements -> {
              connection.dialect().lockForRepairStart(statements);
              RepairTables.requireExists(statements, repairId);
              RepairTables.refuseOverlap(statements, repairId, wanted);
              long runId = JdbcStateStore.insertRun(statements, run);
              RepairTables.link(statements, repairId, runId);
              return runId;
            });
    return JdbcStateStore.created(id, run);
  }

  List<Run> repairRuns(long repairId) {
    return connection.read(
        "read runs of repair " + repairId,
        statements -> {
          PreparedStatement query = statements.prepare(RUNS_OF_REPAIR);
          query.setLong(1, repairId);
          return JdbcStateStore.runs(query);
        });
  }
}
