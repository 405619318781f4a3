package io.tidemark.core.project;

import io.tidemark.core.asset.AssetKind;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.ColumnDoc;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.asset.SourceLocation;
import io.tidemark.core.partition.PartitionMapping;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** An asset as read from files, before its dependencies are known. */
final class AssetDraft {
  AssetName name;
  AssetKind kind;
  String description = "";
  String owner = "";
  List<String> tags = new ArrayList<>();
  List<ColumnDoc> columns = new ArrayList<>();
  Materialization materialization = Materialization.TABLE;
  Partitioning partitioning = Partitioning.NONE;
  String pipeline = "";
  String schedule = "";
  LocalDate start;
  String sql = "";
  SourceLocation location;
  SourceLocation propertiesLocation;
  List<DeclaredEdge> declaredEdges = new ArrayList<>();
  List<io.tidemark.core.quality.Check> checks = new ArrayList<>();
  boolean volumeOff;

  /** {@code batch_size} as declared; null when not, for the default. */
  Integer batchSize;

  io.tidemark.core.load.LoadSpec load;

  /** A {@code depends_on} entry: the upstream as written, and its mapping. */
  record DeclaredEdge(AssetName upstream, PartitionMapping mapping, YamlNode node) {}
}
