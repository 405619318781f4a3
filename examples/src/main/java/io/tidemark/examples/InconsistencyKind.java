package io.tidemark.examples;

/**
 * How the in-app-payment server and the action-logging server can disagree about a user's day. The
 * labels are the values of {@code inconsistent_users.kind} in the subscriptions example.
 */
public enum InconsistencyKind {
  /** The app logged {@code purchase_complete} but the payment server has no purchase or renewal. */
  MISSING_IAP_TRANSACTION("missing_iap_transaction"),
  /** The payment server recorded a purchase or renewal the app never logged. */
  MISSING_PURCHASE_ACTION("missing_purchase_action"),
  /** Both sides saw the payment, for the same product, with different amounts. */
  AMOUNT_MISMATCH("amount_mismatch"),
  /** Both sides saw the payment, for different products. */
  PRODUCT_MISMATCH("product_mismatch");

  private final String label;

  InconsistencyKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
