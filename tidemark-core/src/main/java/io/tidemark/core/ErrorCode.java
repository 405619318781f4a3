package io.tidemark.core;

/** What went wrong, in terms a caller can act on. The CLI maps each code to an exit code. */
public enum ErrorCode {
  /** The project on disk is invalid: YAML, templates, references, cycles, SQL syntax. */
  INVALID_PROJECT(2),
  /** A command was called with arguments that cannot work (bad dates, unknown selection). */
  INVALID_ARGUMENT(2),
  /** Something named by the user does not exist (asset, run, partition). */
  NOT_FOUND(2),
  /** Another run holds what this one needs. */
  CONFLICT(2),
  /** The warehouse rejected a statement while running a task. */
  WAREHOUSE(1),
  /**
   * The warehouse refused a statement as written (SQL, types, constraints, a model's rows outside
   * its partition): trying again gives the same error, so a run does not retry it.
   */
  QUERY(1),
  /**
   * A source could not be loaded: unreachable host, refused credentials, a table, query, file or
   * page that is not there or not as declared. Retried, as a service may come back.
   */
  SOURCE(1),
  /** A secret could not be stored or revealed: the key-management service refused or failed. */
  SECRETS(3),
  /** The state store could not be read or written. */
  STATE_STORE(3),
  /** A bug: an invariant of Tidemark itself did not hold. */
  INTERNAL(3);

  private final int exitCode;

  ErrorCode(int exitCode) {
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
