package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.secret.SecretReferences;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every source table written out in docs/sources.md is one `validate` accepts as it stands: its
 * load block complete, its settings well-formed (once the secrets it names are set).
 */
class SourceDocsExamplesTest {
  private static final Pattern YAML = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

  @TempDir Path dir;

  /** The tables of the page's YAML blocks that have a load, as source table entries. */
  static List<String> tables(String page) {
    List<String> tables = new ArrayList<>();
    Matcher matcher = YAML.matcher(page);
    while (matcher.find()) {
      String block = matcher.group(1);
      if (!block.contains("from:") || block.contains("...")) {
        continue;
      }
      if (block.startsWith("- name:")) {
        tables.add(block);
      } else if (block.startsWith("sources:")) {
        int start = block.lastIndexOf('\n', block.indexOf("- name:")) + 1;
        tables.add(block.substring(start).stripTrailing().stripIndent());
      }
    }
    return tables;
  }

  @Test
  void everyDocumentedLoadIsValid() throws Exception {
    String page = Files.readString(Path.of("../docs/sources.md"), StandardCharsets.UTF_8);
    List<String> tables = tables(page);
    assertThat(tables).as("documented loads").hasSizeGreaterThanOrEqualTo(4);
    assertThat(String.join("\n", tables))
        .contains("from: jdbc")
        .contains("from: files")
        .contains("from: prometheus")
        .contains("from: confluence");

    TestProject project = TestProject.standard(dir);
    StringBuilder sources = new StringBuilder("sources:\n  - schema: raw\n    tables:\n");
    sources.append(
        "      - name: events\n        partitioning: {grain: day, column: event_time}\n");
    Set<String> secrets = new LinkedHashSet<>();
    for (String table : tables) {
      sources.append(table.indent(6));
      secrets.addAll(SecretReferences.names(table));
    }
    project.write("models/sources.yml", sources.toString());
    for (String secret : secrets) {
      Cli.Result set =
          SecretsCommandTest.withInput("x\n", "secrets", "set", secret, "-p", dir.toString());
      assertThat(set.exitCode()).as(set.all()).isZero();
    }

    Cli.Result validate = project.cli("validate", "--no-color");
    assertThat(validate.exitCode()).as(validate.all()).isZero();
  }
}
