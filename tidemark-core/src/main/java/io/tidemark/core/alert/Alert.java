package io.tidemark.core.alert;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * One alert, as any channel shows it: what happened, where, since when, and what to do.
 *
 * @param key what makes two alerts "the same" (a task's asset, a schedule): within the repeat
 *     window the second is a reply in the first one's thread
 * @param resolved whether this says the keyed problem is over (a later run built what had failed)
 * @param where the pipeline, asset or schedule, as one line
 * @param details the lines under the title: errors, blocked partitions, check findings
 * @param action the command that fixes it; empty when there is none
 * @param link a page of the web UI about it; empty when none
 */
public record Alert(
    String key,
    AlertKind kind,
    boolean resolved,
    String pipeline,
    List<String> owners,
    String title,
    String where,
    Instant since,
    List<String> details,
    String action,
    String link) {
  public Alert {
    requireNonNull(key, "key is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(pipeline, "pipeline is null");
    owners = List.copyOf(requireNonNull(owners, "owners is null"));
    requireNonNull(title, "title is null");
    requireNonNull(where, "where is null");
    requireNonNull(since, "since is null");
    details = List.copyOf(requireNonNull(details, "details is null"));
    requireNonNull(action, "action is null");
    requireNonNull(link, "link is null");
  }
}
