package io.tidemark.core.state;

/** Why a run was started. */
public enum RunTrigger {
  MANUAL,
  SCHEDULE,
  BACKFILL,
  REPAIR
}
