package io.tidemark.core.load;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.SourceLocation;
import io.tidemark.core.secret.SecretReferences;
import io.tidemark.core.secret.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code validate} checks of a project's loads before anything runs: each {@code load:} block
 * names a loader that exists and passes that loader's own checks, and every {@code ${secret:NAME}}
 * the blocks and {@code tidemark.yml} reference is stored. Nothing connects to a source and no
 * secret is revealed. Problems name the file and line.
 */
public final class LoadValidation {
  private final SourceLoaders loaders;
  private final Secrets secrets;

  public LoadValidation(SourceLoaders loaders, Secrets secrets) {
    this.loaders = requireNonNull(loaders, "loaders is null");
    this.secrets = requireNonNull(secrets, "secrets is null");
  }

  /**
   * Every problem found, each one line starting with its file and line; empty when none.
   *
   * @param loads the project's loaded sources with their blocks
   * @param config the project's tidemark.yml, named in messages as {@code shownAs}
   */
  public List<String> problems(Map<AssetName, LoadSpec> loads, Path config, String shownAs) {
    List<String> problems = new ArrayList<>();
    for (Map.Entry<AssetName, LoadSpec> entry : loads.entrySet()) {
      LoadSpec spec = entry.getValue();
      try {
        SourceLoader loader =
            loaders
                .find(spec.type())
                .orElseThrow(
                    () ->
                        spec.error(
                            "from",
                            "unknown source type '"
                                + spec.type()
                                + "' (known: "
                                + String.join(", ", loaders.types())
                                + ")"));
        loader.validate(spec);
      } catch (TidemarkException e) {
        problems.add(e.getMessage());
      }
      for (Map.Entry<String, Object> setting : spec.settings().entrySet()) {
        SourceLocation at = spec.locations().getOrDefault(setting.getKey(), spec.location());
        for (String text : texts(setting.getValue())) {
          unset(text).forEach(name -> problems.add(at + ": " + notSet(name)));
        }
      }
    }
    if (Files.isRegularFile(config)) {
      try {
        List<String> lines = Files.readAllLines(config, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i);
          if (line.stripLeading().startsWith("#")) {
            continue;
          }
          int number = i + 1;
          unset(line).forEach(name -> problems.add(shownAs + ":" + number + ": " + notSet(name)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return problems;
  }

  private List<String> unset(String text) {
    if (!SecretReferences.contains(text)) {
      return List.of();
    }
    List<String> unset = new ArrayList<>();
    for (String name : SecretReferences.names(text)) {
      if (!SecretReferences.isName(name) || !secrets.exists(name)) {
        unset.add(name);
      }
    }
    return unset;
  }

  private static String notSet(String name) {
    return SecretReferences.isName(name)
        ? "secret '" + name + "' is not set (set it with `tidemark secrets set " + name + "`)"
        : "'" + name + "' is not a secret name (letters, digits, _ . -)";
  }

  /** The text values of a setting, however nested. */
  private static List<String> texts(Object value) {
    List<String> texts = new ArrayList<>();
    if (value instanceof String text) {
      texts.add(text);
    } else if (value instanceof List<?> list) {
      list.forEach(item -> texts.addAll(texts(item)));
    } else if (value instanceof Map<?, ?> map) {
      map.values().forEach(item -> texts.addAll(texts(item)));
    }
    return texts;
  }
}
