package io.tidemark.core.load;

/**
 * Reads one kind of source ({@code from: jdbc}, {@code files}, {@code prometheus}, {@code
 * confluence}) for a loaded source asset. Tidemark plans, retries, writes, fingerprints, checks and
 * repairs the partitions; a loader only reads: it streams the rows of one partition into a {@link
 * LoadSink} and never writes to the warehouse or the state store itself.
 *
 * <p>Implementations are safe for use from several threads. Failures surface as {@link
 * io.tidemark.core.TidemarkException}: {@code SOURCE} for what may pass (an unreachable host, a
 * server error), {@code INVALID_PROJECT} or {@code QUERY} for what trying again will not fix (a
 * missing table, a malformed setting). Messages name the source and never a secret's value.
 */
public interface SourceLoader {
  /** The {@code from:} this loader reads. */
  String type();

  /**
   * Checks the load block's own settings without connecting anywhere, naming the file and line of
   * what is wrong ({@code INVALID_PROJECT}).
   */
  void validate(LoadSpec spec);

  /** Streams the rows of {@code request}'s partition into {@code sink}. */
  void load(LoadRequest request, LoadSink sink);
}
