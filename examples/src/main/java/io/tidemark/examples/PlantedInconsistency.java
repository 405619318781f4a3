package io.tidemark.examples;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;

/**
 * A disagreement the generator planted on purpose, with the rows involved on each side: a
 * reconciliation is right when it finds exactly these.
 *
 * @param transactionIds the {@code raw.iap_transactions} rows involved; empty for {@link
 *     InconsistencyKind#MISSING_IAP_TRANSACTION}
 * @param actionIds the {@code raw.user_actions} rows involved; empty for {@link
 *     InconsistencyKind#MISSING_PURCHASE_ACTION}
 */
public record PlantedInconsistency(
    LocalDate day,
    long userId,
    InconsistencyKind kind,
    List<String> transactionIds,
    List<String> actionIds) {

  public PlantedInconsistency {
    requireNonNull(day, "day is null");
    requireNonNull(kind, "kind is null");
    transactionIds = List.copyOf(requireNonNull(transactionIds, "transactionIds is null"));
    actionIds = List.copyOf(requireNonNull(actionIds, "actionIds is null"));
  }
}
