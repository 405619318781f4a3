package io.tidemark.core.template;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.asset.AssetName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What rendering a template read besides its own text: the answers of {@code ref()}, {@code
 * source()} and {@code var()}, and the files it included. A render whose template text is the same
 * and whose reads all answer the same again gives the same SQL, which is what lets a project cache
 * reuse it.
 *
 * @param refs each {@code ref()} argument with the asset it named, or "" when it named none
 * @param sources each {@code source()} call with the asset it named, or "" when it named none
 * @param vars each {@code var()} name with its value as JSON, or {@link #ABSENT}
 * @param includes each included or imported file with the SHA-256 of its text, or {@link #MISSING}
 * @param repeatable false when the template may render differently with the same reads (it calls
 *     something that reads the clock or a random source): such a render is never reused
 */
public record TemplateReads(
    Map<String, String> refs,
    List<SourceRead> sources,
    Map<String, String> vars,
    Map<String, String> includes,
    boolean repeatable) {
  static final String ABSENT = "(absent)";
  static final String MISSING = "(missing)";

  /**
   * Jinjava functions and filters whose result is not fixed by their arguments (the clock, random
   * choices). Matched as words anywhere in a template, comments included: a false match only costs
   * a render.
   */
  private static final Pattern UNREPEATABLE =
      Pattern.compile(
          "\\b(random|shuffle|now|today|unixtimestamp|datetimeformat|format_datetime|format_date"
              + "|format_time|strtotime|strtodate|uuid|uuid4)\\b");

  private static final ObjectMapper JSON = new ObjectMapper();

  public TemplateReads {
    // Sorted, so that the same reads are written the same way by every process.
    refs = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(refs, "refs is null")));
    sources = List.copyOf(requireNonNull(sources, "sources is null"));
    vars = Collections.unmodifiableMap(new TreeMap<>(requireNonNull(vars, "vars is null")));
    includes =
        Collections.unmodifiableMap(new TreeMap<>(requireNonNull(includes, "includes is null")));
  }

  /** One {@code source(schema, table)} call and the asset it named, or "". */
  public record SourceRead(String schema, String table, String answer) {
    public SourceRead {
      requireNonNull(schema, "schema is null");
      requireNonNull(table, "table is null");
      requireNonNull(answer, "answer is null");
    }
  }

  /** A var's value as compared between loads: its JSON, or {@link #ABSENT}. */
  static String describe(Object value) {
    if (value == null) {
      return ABSENT;
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      // A value JSON cannot spell cannot be compared: the recorder marks the render unrepeatable.
      return null;
    }
  }

  /** The SHA-256 of a file's text, or {@link #MISSING}. */
  static String digest(Optional<String> text) {
    if (text.isEmpty()) {
      return MISSING;
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.get().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Collects the reads of one render. Used by one rendering thread at a time. */
  static final class Recorder {
    private final Map<String, String> refs = new LinkedHashMap<>();
    private final List<SourceRead> sources = new ArrayList<>();
    private final Map<String, String> vars = new LinkedHashMap<>();
    private final Map<String, String> includes = new LinkedHashMap<>();
    private boolean repeatable = true;

    void text(String template) {
      if (UNREPEATABLE.matcher(template).find()) {
        repeatable = false;
      }
    }

    void ref(String name, Optional<AssetName> answer) {
      refs.put(name, answer.map(AssetName::toString).orElse(""));
    }

    void source(String schema, String table, Optional<AssetName> answer) {
      SourceRead read = new SourceRead(schema, table, answer.map(AssetName::toString).orElse(""));
      if (!sources.contains(read)) {
        sources.add(read);
      }
    }

    void var(String name, Object value) {
      String described = describe(value);
      if (described == null) {
        repeatable = false;
      } else {
        vars.put(name, described);
      }
    }

    void include(String name, Optional<String> text) {
      includes.put(name, digest(text));
      text.ifPresent(this::text);
    }

    TemplateReads reads() {
      return new TemplateReads(refs, sources, vars, includes, repeatable);
    }
  }
}
