package io.tidemark.core.alert;

/** What an alert is about; each reads differently and some resolve. */
public enum AlertKind {
  TASK_FAILED,
  RETRIES,
  CHECKS,
  VOLUME_ANOMALY,
  REPAIR_FINISHED,
  SCHEDULER_BEHIND,
  SOURCE_NOT_ARRIVED,
  TEST
}
