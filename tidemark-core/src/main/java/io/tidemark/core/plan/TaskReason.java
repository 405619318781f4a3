package io.tidemark.core.plan;

/** Why a task is in a plan. */
public enum TaskReason {
  MISSING("never built"),
  NOT_IN_WAREHOUSE("recorded as built, not in the warehouse"),
  FAILED("last attempt failed"),
  INVALID("marked bad by an incident"),
  CODE_CHANGED("definition changed"),
  UPSTREAM_RUNS("an input is rebuilt in this plan"),
  STALE("an input changed since it was built"),
  DUE("a load that follows its source: new rows may have arrived"),
  FORCED("forced"),
  REPAIR("in the impact set of a repair");

  private final String description;

  TaskReason(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
