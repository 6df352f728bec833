package dev.adjoint.autodiff.check;

import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * Hand-derived versus autodiff as formulas: either the two expressions are identical after
 * canonicalisation (the same node, since expressions are hash-consed), or they were evaluated at
 * several random points near the checked one, and every element where they differ is listed.
 *
 * <p>Immutable and thread-safe.
 */
public final class SymbolicComparison {
  /** Mismatches listed in {@link #toString}; the rest are counted. */
  private static final int SHOWN = 3;

  private final boolean identical;
  private final int points;
  private final int comparablePoints;
  private final ImmutableList<Mismatch> mismatches;

  /**
   * One element where the two gradients differ at a random point.
   *
   * @param point which random point (0-based)
   * @param index the element
   * @param hand the hand-derived value
   * @param autodiff the autodiff value
   * @param tolerance the largest difference allowed
   */
  public record Mismatch(int point, int[] index, double hand, double autodiff, double tolerance) {
    /** A mismatch; the index is copied. */
    public Mismatch {
      index = index.clone();
    }

    /** The element's coordinates (a copy). */
    @Override
    public int[] index() {
      return index.clone();
    }

    @Override
    public String toString() {
      return "point "
          + point
          + " at "
          + Reports.index(index)
          + ": hand "
          + Reports.value(hand)
          + ", autodiff "
          + Reports.value(autodiff)
          + ", |Δ| "
          + Reports.error(Math.abs(hand - autodiff))
          + " > "
          + Reports.error(tolerance);
    }
  }

  private SymbolicComparison(
      boolean identical, int points, int comparablePoints, List<Mismatch> mismatches) {
    this.identical = identical;
    this.points = points;
    this.comparablePoints = comparablePoints;
    this.mismatches = ImmutableList.copyOf(mismatches);
  }

  static SymbolicComparison identicalExpressions() {
    return new SymbolicComparison(true, 0, 0, List.of());
  }

  static SymbolicComparison numeric(int points, int comparablePoints, List<Mismatch> mismatches) {
    return new SymbolicComparison(false, points, comparablePoints, mismatches);
  }

  /** Whether the two expressions are the same node after canonicalisation. */
  public boolean identical() {
    return identical;
  }

  /** Whether the gradients agree: identical, or equal within tolerance at every random point. */
  public boolean agrees() {
    return identical || mismatches.isEmpty();
  }

  /** The number of random points tried (0 when identical). */
  public int points() {
    return points;
  }

  /** The random points where both sides were finite, so could be compared. */
  public int comparablePoints() {
    return comparablePoints;
  }

  /** The elements where the two differ, by point. */
  public List<Mismatch> mismatches() {
    return mismatches;
  }

  @Override
  public String toString() {
    if (identical) {
      return "hand vs autodiff as expressions: identical";
    }
    StringBuilder sb = new StringBuilder("hand vs autodiff as expressions: different formulas, ");
    if (mismatches.isEmpty()) {
      return sb.append("equal in value at ")
          .append(comparablePoints)
          .append(" of ")
          .append(points)
          .append(" random points")
          .toString();
    }
    sb.append("DIFFERENT in value at random points: ");
    for (int i = 0; i < Math.min(SHOWN, mismatches.size()); i++) {
      sb.append(i == 0 ? "" : "; ").append(mismatches.get(i));
    }
    if (mismatches.size() > SHOWN) {
      sb.append("; and ").append(mismatches.size() - SHOWN).append(" more");
    }
    return sb.toString();
  }
}
