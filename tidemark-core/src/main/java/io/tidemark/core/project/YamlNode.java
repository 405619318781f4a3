package io.tidemark.core.project;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.SourceLocation;
import io.tidemark.core.files.ProjectFiles;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML value that remembers where it was written, so that every complaint about a project file
 * can name the file and line. Reading goes through SnakeYAML's composed node tree.
 */
public final class YamlNode {
  private final Node node;
  private final SourceLocation location;

  private YamlNode(Node node, Path file) {
    this.node = node;
    this.location = new SourceLocation(file, node.getStartMark().getLine() + 1);
  }

  /** Reads a file; an empty file reads as an empty mapping. */
  public static YamlNode read(Path file, Path displayName) {
    return parse(ProjectFiles.readText(file, displayName), displayName);
  }

  /** Reads a file's text, read already; an empty text reads as an empty mapping. */
  public static YamlNode parse(String text, Path displayName) {
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      Node root = new Yaml(options).compose(new StringReader(text));
      if (root == null) {
        root =
            new MappingNode(
                org.yaml.snakeyaml.nodes.Tag.MAP,
                List.of(),
                org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
        return new YamlNode(root, displayName, 1);
      }
      return new YamlNode(root, displayName);
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
      String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
      throw new TidemarkException(
          ErrorCode.INVALID_PROJECT,
          new SourceLocation(displayName, line) + ": invalid YAML: " + problem);
    } catch (YAMLException e) {
      throw new TidemarkException(
          ErrorCode.INVALID_PROJECT, displayName + ": invalid YAML: " + e.getMessage());
    }
  }

  private YamlNode(Node node, Path file, int line) {
    this.node = node;
    this.location = new SourceLocation(file, line);
  }

  public SourceLocation location() {
    return location;
  }

  public boolean isMapping() {
    return node instanceof MappingNode;
  }

  public boolean isSequence() {
    return node instanceof SequenceNode;
  }

  public boolean isScalar() {
    return node instanceof ScalarNode;
  }

  /** The entries of a mapping, in file order. */
  public Map<String, YamlNode> entries() {
    if (!(node instanceof MappingNode mapping)) {
      throw error("expected a mapping (key: value)");
    }
    Map<String, YamlNode> entries = new LinkedHashMap<>();
    Map<String, Integer> keyLines = new HashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        throw new YamlNode(tuple.getKeyNode(), location.file()).error("keys must be plain text");
      }
      Integer firstLine = keyLines.putIfAbsent(key.getValue(), key.getStartMark().getLine() + 1);
      if (firstLine != null) {
        // SnakeYAML checks duplicates only when constructing objects, not when composing nodes.
        throw new YamlNode(key, location.file())
            .error("duplicate key '" + key.getValue() + "' (first at line " + firstLine + ")");
      }
      entries.put(key.getValue(), new YamlNode(tuple.getValueNode(), location.file()));
    }
    return entries;
  }

  public Optional<YamlNode> get(String key) {
    return Optional.ofNullable(entries().get(key));
  }

  /** The items of a sequence; a missing value reads as an empty list. */
  public List<YamlNode> items() {
    if (node instanceof ScalarNode scalar && scalar.getValue().isEmpty()) {
      return List.of();
    }
    if (!(node instanceof SequenceNode sequence)) {
      throw error("expected a list");
    }
    List<YamlNode> items = new ArrayList<>();
    for (Node item : sequence.getValue()) {
      items.add(new YamlNode(item, location.file()));
    }
    return items;
  }

  public String text() {
    if (!(node instanceof ScalarNode scalar)) {
      throw error("expected a single value");
    }
    return scalar.getValue();
  }

  public String text(String key, String fallback) {
    return get(key).map(YamlNode::text).orElse(fallback);
  }

  public int integer(String key, int fallback) {
    Optional<YamlNode> value = get(key);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.get().text().trim());
    } catch (NumberFormatException e) {
      throw value.get().error("'" + key + "' must be a whole number");
    }
  }

  public List<String> texts(String key) {
    Optional<YamlNode> value = get(key);
    if (value.isEmpty()) {
      return List.of();
    }
    if (value.get().isScalar()) {
      return List.of(value.get().text());
    }
    return value.get().items().stream().map(YamlNode::text).toList();
  }

  /** Rejects keys this file format does not know, so typos do not pass silently. */
  public void requireKnownKeys(String what, String... known) {
    List<String> allowed = List.of(known);
    for (Map.Entry<String, YamlNode> entry : entries().entrySet()) {
      if (!allowed.contains(entry.getKey())) {
        throw entry
            .getValue()
            .error(
                "unknown key '"
                    + entry.getKey()
                    + "' in "
                    + what
                    + " (known: "
                    + String.join(", ", allowed)
                    + ")");
      }
    }
  }

  public TidemarkException error(String message) {
    return new TidemarkException(ErrorCode.INVALID_PROJECT, location + ": " + message);
  }

  /** A plain Java view (maps, lists, strings), for free-form values such as vars. */
  public Object toPlain() {
    if (node instanceof ScalarNode scalar) {
      return scalar.getValue();
    }
    if (node instanceof SequenceNode) {
      return items().stream().map(YamlNode::toPlain).toList();
    }
    Map<String, Object> plain = new LinkedHashMap<>();
    entries().forEach((k, v) -> plain.put(k, v.toPlain()));
    return plain;
  }
}
