package io.tidemark.examples;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rows of one generated day while they are being built. Ids are given out last, in time order,
 * so that planting an inconsistency (which adds or drops rows) never shifts another day's ids.
 */
final class DayRows {
  private static final DateTimeFormatter COMPACT = DateTimeFormatter.BASIC_ISO_DATE;

  /** A row of {@code raw.user_actions}; product and amount are changed when planting. */
  static final class Action {
    final long userId;
    final long epochMillis;
    final String action;
    final String platform;
    final String appVersion;
    String productId;
    long cents;
    boolean hasAmount;
    boolean dropped;
    String id;

    Action(long userId, long epochMillis, String action, String platform, String appVersion) {
      this.userId = userId;
      this.epochMillis = epochMillis;
      this.action = action;
      this.platform = platform;
      this.appVersion = appVersion;
    }
  }

  /** A row of {@code raw.iap_transactions}, and the {@code purchase_complete} that confirms it. */
  static final class Payment {
    final SubscriptionEvent event;
    final UserProfile user;
    Action confirmation;
    String id;

    Payment(SubscriptionEvent event, UserProfile user) {
      this.event = event;
      this.user = user;
    }
  }

  private record Plant(InconsistencyKind kind, long userId, Payment payment, Action action) {}

  private static final Comparator<Action> ACTIONS_IN_TIME_ORDER =
      Comparator.<Action>comparingLong(action -> action.epochMillis)
          .thenComparingLong(action -> action.userId);
  private static final Comparator<Payment> PAYMENTS_IN_TIME_ORDER =
      Comparator.<Payment>comparingLong(payment -> payment.event.epochMillis())
          .thenComparingLong(payment -> payment.event.userId());

  final LocalDate day;
  final List<Action> actions = new ArrayList<>();
  final List<Payment> payments = new ArrayList<>();
  private final List<Plant> plants = new ArrayList<>();

  DayRows(LocalDate day) {
    this.day = day;
  }

  Action action(UserProfile user, long epochMillis, String action) {
    Action row =
        new Action(
            user.userId(),
            epochMillis,
            action,
            user.platform(),
            Catalog.appVersion(day.toEpochDay(), user.updateLagDays(), user.platform()));
    actions.add(row);
    return row;
  }

  Payment payment(SubscriptionEvent event, UserProfile user) {
    Payment payment = new Payment(event, user);
    payments.add(payment);
    return payment;
  }

  void planted(InconsistencyKind kind, long userId, Payment payment, Action action) {
    plants.add(new Plant(kind, userId, payment, action));
  }

  /** Drops removed actions, sorts both tables in time order and numbers their rows. */
  void finish() {
    actions.removeIf(action -> action.dropped);
    // List.sort is stable: rows at the same millisecond keep the order they were made in.
    actions.sort(ACTIONS_IN_TIME_ORDER);
    payments.sort(PAYMENTS_IN_TIME_ORDER);
    String date = COMPACT.format(day);
    for (int i = 0; i < actions.size(); i++) {
      actions.get(i).id = id("a-", date, i + 1);
    }
    for (int i = 0; i < payments.size(); i++) {
      payments.get(i).id = id("t-", date, i + 1);
    }
  }

  /** {@code a-20240105-0000042}: the table's letter, the day, the row's place in the day. */
  private static String id(String prefix, String date, int number) {
    String digits = Integer.toString(number);
    StringBuilder id = new StringBuilder(prefix.length() + date.length() + 8);
    id.append(prefix).append(date).append('-');
    for (int i = digits.length(); i < 7; i++) {
      id.append('0');
    }
    return id.append(digits).toString();
  }

  List<PlantedInconsistency> inconsistencies() {
    return plants.stream()
        .map(
            plant ->
                new PlantedInconsistency(
                    day,
                    plant.userId(),
                    plant.kind(),
                    plant.payment() == null ? List.of() : List.of(plant.payment().id),
                    plant.action() == null || plant.action().dropped
                        ? List.of()
                        : List.of(plant.action().id)))
        .toList();
  }
}
