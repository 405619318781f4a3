package io.tidemark.core.template;

import static java.util.Objects.requireNonNull;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.SourceLocation;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.warehouse.WarehouseProviders;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Renders model templates with Jinjava. Templates see {@code ref('model')}, {@code source('schema',
 * 'table')}, {@code var('name'[, default])}, {@code this}, {@code is_incremental()} (true when the
 * model's table already exists, as in dbt), {@code target.type} (the warehouse engine, {@code
 * duckdb} or {@code postgres}: where engines' SQL differs, a model can differ), and for partitioned
 * models {@code partition_start}, {@code partition_end} (exclusive) and {@code partition_key}.
 */
public final class ModelRenderer {
  private static final String STATE = "__tidemark_render_state";
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");
  private static final Pattern READS_ITSELF = Pattern.compile("\\{\\{-?\\s*this\\s*-?}}");

  private final Jinjava jinjava;
  private final ProjectResourceLocator locator;
  private final ReferenceResolver resolver;
  private final Map<String, Object> vars;
  private final Map<String, Object> target;

  /** A renderer for templates outside a project: no includes, the default engine. */
  public ModelRenderer(ReferenceResolver resolver, Map<String, Object> vars) {
    this(resolver, vars, Optional.empty(), WarehouseProviders.DEFAULT_TYPE);
  }

  /**
   * A renderer whose {@code include}s read files of the project at {@code root}, and no others.
   *
   * @param targetType the warehouse engine the models run on, which templates see as {@code
   *     target.type}
   */
  public ModelRenderer(
      ReferenceResolver resolver,
      Map<String, Object> vars,
      Optional<java.nio.file.Path> root,
      String targetType) {
    this.resolver = requireNonNull(resolver, "resolver is null");
    this.vars = Map.copyOf(requireNonNull(vars, "vars is null"));
    this.target = Map.of("type", requireNonNull(targetType, "targetType is null"));
    JinjavaConfig config = JinjavaConfig.newBuilder().withFailOnUnknownTokens(true).build();
    this.jinjava = new Jinjava(config);
    this.locator = new ProjectResourceLocator(root);
    jinjava.setResourceLocator(locator);
    jinjava.getGlobalContext().registerFunction(function("ref", "ref", String.class));
    jinjava
        .getGlobalContext()
        .registerFunction(function("source", "source", String.class, String.class));
    jinjava
        .getGlobalContext()
        .registerFunction(function("var", "var", String.class, Object[].class));
    jinjava.getGlobalContext().registerFunction(function("is_incremental", "isIncremental"));
  }

  private static ELFunctionDefinition function(String name, String method, Class<?>... types) {
    return new ELFunctionDefinition("", name, ModelRenderer.class, method, types);
  }

  /** Renders {@code model} for one partition, as if its table exists already. */
  public RenderedSql render(Asset model, PartitionKey partition) {
    return render(model, partition, true);
  }

  /**
   * Renders {@code model} for one partition; template mistakes name the file and line.
   *
   * @param targetExists what {@code is_incremental()} answers
   */
  public RenderedSql render(Asset model, PartitionKey partition, boolean targetExists) {
    return render(model, partition, partition, targetExists);
  }

  /**
   * Renders {@code model} for the adjacent partitions {@code first} to {@code last} at once: {@code
   * partition_start} is the start of the first, {@code partition_end} the end of the last. Only for
   * a batch of more than one partition is {@code partition_key} left unbound, since no single key
   * stands for them.
   */
  public RenderedSql render(
      Asset model, PartitionKey first, PartitionKey last, boolean targetExists) {
    return render(model, first, last, targetExists, new State(model.location(), targetExists));
  }

  /**
   * Renders {@code model} for one partition, as if its table exists already, and says what the
   * template read besides its own text: what a cached render must still find the same to be reused.
   */
  public RecordedRender renderRecorded(Asset model, PartitionKey partition) {
    State state = new State(model.location(), true);
    state.reads = new TemplateReads.Recorder();
    state.reads.text(model.sql());
    RenderedSql rendered = render(model, partition, partition, true, state);
    return new RecordedRender(rendered, state.reads.reads());
  }

  /**
   * Whether rendering with this renderer would read the same as {@code reads} recorded: the same
   * answers from {@code ref()}, {@code source()} and {@code var()}, the same included files.
   */
  public boolean stillReads(TemplateReads reads) {
    if (!reads.repeatable()) {
      return false;
    }
    for (Map.Entry<String, String> ref : reads.refs().entrySet()) {
      if (!resolver
          .model(ref.getKey())
          .map(AssetName::toString)
          .orElse("")
          .equals(ref.getValue())) {
        return false;
      }
    }
    for (TemplateReads.SourceRead source : reads.sources()) {
      String answer =
          resolver.source(source.schema(), source.table()).map(AssetName::toString).orElse("");
      if (!answer.equals(source.answer())) {
        return false;
      }
    }
    for (Map.Entry<String, String> var : reads.vars().entrySet()) {
      if (!var.getValue().equals(TemplateReads.describe(vars.get(var.getKey())))) {
        return false;
      }
    }
    for (Map.Entry<String, String> include : reads.includes().entrySet()) {
      if (!TemplateReads.digest(locator.read(include.getKey())).equals(include.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether each file of {@code includes} (an include's name and the digest {@link TemplateReads}
   * recorded of its text, or that it was missing) reads the same now in the project at {@code
   * root}.
   */
  public static boolean includesUnchanged(java.nio.file.Path root, Map<String, String> includes) {
    ProjectResourceLocator locator = new ProjectResourceLocator(Optional.of(root));
    for (Map.Entry<String, String> include : includes.entrySet()) {
      if (!TemplateReads.digest(locator.read(include.getKey())).equals(include.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** A render and what it read. */
  public record RecordedRender(RenderedSql rendered, TemplateReads reads) {
    public RecordedRender {
      requireNonNull(rendered, "rendered is null");
      requireNonNull(reads, "reads is null");
    }
  }

  /** Called by the resource locator for every file a template includes or imports. */
  static void included(JinjavaInterpreter interpreter, String name, Optional<String> text) {
    Object state = interpreter == null ? null : interpreter.getContext().get(STATE);
    if (state instanceof State s && s.reads != null) {
      s.reads.include(name, text);
    }
  }

  private RenderedSql render(
      Asset model, PartitionKey first, PartitionKey last, boolean targetExists, State state) {
    Map<String, Object> bindings = new HashMap<>();
    bindings.put(STATE, state);
    bindings.put("this", model.name().toString());
    bindings.put("target", target);
    if (first.grain() != Grain.ALL) {
      if (first.equals(last)) {
        bindings.put("partition_key", first.toString());
      }
      bindings.put("partition_start", literal(first.grain(), first.start()));
      bindings.put("partition_end", literal(last.grain(), last.end()));
    }
    RenderResult result = jinjava.renderForResult(model.sql(), bindings);
    if (!state.problems.isEmpty()) {
      throw new TidemarkException(ErrorCode.INVALID_PROJECT, String.join("\n", state.problems));
    }
    List<String> errors = new ArrayList<>();
    for (TemplateError error : result.getErrors()) {
      if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
        errors.add(
            new SourceLocation(model.location().file(), error.getLineno())
                + ": "
                + describe(error));
      }
    }
    if (!errors.isEmpty()) {
      throw new TidemarkException(ErrorCode.INVALID_PROJECT, String.join("\n", errors));
    }
    boolean readsItself = READS_ITSELF.matcher(model.sql()).find();
    return new RenderedSql(result.getOutput(), state.references, readsItself);
  }

  private static String describe(TemplateError error) {
    String message = error.getMessage();
    if (message != null && message.contains("UnknownTokenException")) {
      return "unknown template variable: " + message;
    }
    return message == null ? error.toString() : message;
  }

  /**
   * A partition boundary as templates see it: {@code 2024-01-05} for day and month grains, {@code
   * 2024-01-05 13:00:00} for hours.
   */
  public static String literal(Grain grain, java.time.LocalDateTime time) {
    return grain == Grain.HOUR ? TIMESTAMP.format(time) : time.toLocalDate().toString();
  }

  /** Called by templates as {@code is_incremental()}. */
  public static boolean isIncremental() {
    return currentState().targetExists;
  }

  /** Called by templates as {@code ref('model')}. */
  public static String ref(String model) {
    State state = currentState();
    Optional<AssetName> name = state.renderer().resolver.model(model);
    if (state.reads != null) {
      state.reads.ref(model, name);
    }
    if (name.isEmpty()) {
      state.problem("unknown model '" + model + "' in ref()");
      return "__unknown_ref__";
    }
    state.reference(name.get());
    return name.get().toString();
  }

  /** Called by templates as {@code source('schema', 'table')}. */
  public static String source(String schema, String table) {
    State state = currentState();
    Optional<AssetName> name = state.renderer().resolver.source(schema, table);
    if (state.reads != null) {
      state.reads.source(schema, table, name);
    }
    if (name.isEmpty()) {
      state.problem(
          "unknown source '" + schema + "." + table + "' in source(); declare it under sources:");
      return "__unknown_source__";
    }
    state.reference(name.get());
    return name.get().toString();
  }

  /** Called by templates as {@code var('name')} or {@code var('name', default)}. */
  public static Object var(String name, Object... fallback) {
    State state = currentState();
    Object value = state.renderer().vars.get(name);
    if (state.reads != null) {
      state.reads.var(name, value);
    }
    if (value != null) {
      return value;
    }
    if (fallback.length > 0) {
      return fallback[0];
    }
    state.problem("unknown var '" + name + "'; define it under vars: in tidemark.yml");
    return "";
  }

  private static State currentState() {
    JinjavaInterpreter interpreter = JinjavaInterpreter.getCurrent();
    return (State) interpreter.getContext().get(STATE);
  }

  private final class State {
    private final SourceLocation model;
    private final Map<AssetName, Integer> references = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final boolean targetExists;

    /** What the template read, when the caller asked; null when it did not. */
    private TemplateReads.Recorder reads;

    State(SourceLocation model, boolean targetExists) {
      this.model = model;
      this.targetExists = targetExists;
    }

    ModelRenderer renderer() {
      return ModelRenderer.this;
    }

    void reference(AssetName name) {
      references.putIfAbsent(name, line());
    }

    void problem(String message) {
      problems.add(new SourceLocation(model.file(), line()) + ": " + message);
    }

    private int line() {
      return JinjavaInterpreter.getCurrent().getLineNumber();
    }
  }
}
