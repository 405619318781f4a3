package io.tidemark.core.warehouse;

/**
 * An engine's own SQL grammar, used without running anything: what project loading checks each
 * model against. Safe for use from several threads at once.
 */
public interface SqlParser extends AutoCloseable {
  /**
   * Parses a {@code SELECT} with the engine's own grammar, without running it, and reports the
   * tables it reads. Used to cross-check a model's declared dependencies.
   */
  ParsedQuery parse(String selectSql);

  @Override
  void close();
}
