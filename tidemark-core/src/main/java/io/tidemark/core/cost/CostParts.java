package io.tidemark.core.cost;

/** A cost and what it is made of, in the project's currency. */
public record CostParts(double cpu, double scanned, double written, double stored) {
  public static final CostParts ZERO = new CostParts(0, 0, 0, 0);

  public double total() {
    return cpu + scanned + written + stored;
  }

  public CostParts plus(CostParts other) {
    return new CostParts(
        cpu + other.cpu, scanned + other.scanned, written + other.written, stored + other.stored);
  }
}
