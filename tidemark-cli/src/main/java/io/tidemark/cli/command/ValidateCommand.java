package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Json;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.load.LoadValidation;
import io.tidemark.core.project.AlertSettingsReader;
import io.tidemark.core.project.CostRatesReader;
import io.tidemark.core.project.Project;
import io.tidemark.core.project.ProjectConfig;
import io.tidemark.core.verify.ModelBinder;
import io.tidemark.server.auth.AccessTokens;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check the project: YAML, templates, references, partition mappings, checks, cycles, and"
          + " every model's SQL against the warehouse's own parser.",
      "Problems name their file and line."
    })
public final class ValidateCommand extends ProjectCommand {
  @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.text;

  @Override
  protected int run(Workspace workspace) {
    Project project = workspace.project();
    List<String> loadProblems =
        new LoadValidation(workspace.loaders(), workspace.secrets())
            .problems(
                project.loads(),
                project.root().resolve(ProjectConfig.FILE_NAME),
                ProjectConfig.FILE_NAME);
    if (!loadProblems.isEmpty()) {
      throw new TidemarkException(
          ErrorCode.INVALID_PROJECT,
          loadProblems.size() == 1
              ? loadProblems.get(0)
              : Formats.plural(loadProblems.size(), "problem")
                  + " with loads:\n  "
                  + String.join("\n  ", loadProblems));
    }
    // The server's tokens, the alert channels and the cost rates are read by the commands that
    // use them; validating reads them too, so a mistake shows before the server starts.
    AccessTokens.read(project.root());
    AlertSettingsReader.read(project.root());
    CostRatesReader.read(project.root());
    long sources = project.assets().values().stream().filter(Asset::isSource).count();
    long models = project.assets().size() - sources;
    // A project never run has no warehouse yet; validating must not create one.
    ModelBinder.Result binding =
        workspace.warehouseExists()
            ? new ModelBinder(project, workspace.warehouse()).bind()
            : new ModelBinder.Result(
                java.util.List.of(),
                0,
                project.assets().values().stream()
                    .filter(Asset::isModel)
                    .map(Asset::name)
                    .toList());
    if (!binding.problems().isEmpty()) {
      throw new TidemarkException(
          ErrorCode.INVALID_PROJECT,
          "the warehouse refuses "
              + Formats.plural(binding.problems().size(), "model")
              + ":\n  "
              + String.join("\n  ", binding.problems()));
    }
    if (format == OutputFormat.json) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("valid", true);
      json.put("project", project.config().name());
      json.put("sources", sources);
      json.put("models", models);
      json.put("loads", project.loads().size());
      json.put("pipelines", project.config().pipelines().keySet());
      json.put("bound", binding.bound());
      json.put(
          "not_bound_inputs_not_built", binding.unbound().stream().map(Object::toString).toList());
      out().println(Json.write(json));
      return 0;
    }
    out()
        .println(
            style.green("✓")
                + " project "
                + style.bold(project.config().name())
                + " is valid: "
                + Formats.plural(sources, "source")
                + ", "
                + Formats.plural(models, "model")
                + ", "
                + Formats.plural(project.config().pipelines().size(), "pipeline"));
    if (!binding.unbound().isEmpty()) {
      out()
          .println(
              style.dim(
                  Formats.plural(binding.unbound().size(), "model")
                      + " not checked against the warehouse: an input is not built yet"));
    }
    return 0;
  }
}
