package io.tidemark.core.project;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.graph.AssetGraph;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Variations of loaded projects that files cannot express. */
public final class TestProjects {
  private TestProjects() {}

  /**
   * The same project with each asset replaced by {@code change(asset)}; code versions are kept, so
   * only what {@code change} touches differs.
   */
  public static Project rewritten(Project project, UnaryOperator<Asset> change) {
    List<Asset> assets = project.assets().values().stream().map(change).toList();
    Map<AssetName, String> codeVersions = new LinkedHashMap<>();
    for (AssetName name : project.assets().keySet()) {
      codeVersions.put(name, project.codeVersion(name));
    }
    Map<AssetName, java.util.List<io.tidemark.core.quality.Check>> checks = new LinkedHashMap<>();
    for (AssetName name : project.assets().keySet()) {
      checks.put(name, project.checks(name));
    }
    return new Project(
        project.root(),
        project.config(),
        new AssetGraph(assets),
        project.renderer(),
        codeVersions,
        checks);
  }
}
