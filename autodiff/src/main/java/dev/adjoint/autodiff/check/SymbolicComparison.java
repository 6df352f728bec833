package dev.adjoint.autodiff.check;

import com.google.common.collect.ImmutableList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Hand-derived versus autodiff as formulas, in two stages. Either the two expressions are identical
 * after canonicalisation (the same node, since expressions are hash-consed), or they are evaluated
 * at random points: first varying only the variables being differentiated, the other bindings held
 * at the user's values (a difference there is a failure), then varying every variable (a difference
 * only there is a warning naming the variables whose variation breaks the agreement: the formula
 * "agrees for your t, not for every t").
 *
 * <p>Immutable and thread-safe.
 */
public final class SymbolicComparison {
  private final boolean identical;
  private final List<String> varied;
  private final int points;
  private final int comparable;
  private final ImmutableList<Mismatch> mismatches;
  private final ImmutableList<Mismatch> everywhereMismatches;
  private final ImmutableList<String> brokenBy;

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

    /** How far outside its tolerance: {@code |Δ| / tolerance}, the measure the reports rank by. */
    double badness() {
      double d = Math.abs(hand - autodiff);
      return Double.isNaN(d)
          ? Double.POSITIVE_INFINITY
          : tolerance == 0 ? d * 1e300 : d / tolerance;
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
      boolean identical,
      List<String> varied,
      int points,
      int comparable,
      List<Mismatch> mismatches,
      List<Mismatch> everywhereMismatches,
      List<String> brokenBy) {
    this.identical = identical;
    this.varied = List.copyOf(varied);
    this.points = points;
    this.comparable = comparable;
    this.mismatches = ImmutableList.copyOf(mismatches);
    this.everywhereMismatches = ImmutableList.copyOf(everywhereMismatches);
    this.brokenBy = ImmutableList.copyOf(brokenBy);
  }

  static SymbolicComparison identicalExpressions() {
    return new SymbolicComparison(true, List.of(), 0, 0, List.of(), List.of(), List.of());
  }

  static SymbolicComparison numeric(
      List<String> varied,
      int points,
      int comparable,
      List<Mismatch> mismatches,
      List<Mismatch> everywhereMismatches,
      List<String> brokenBy) {
    return new SymbolicComparison(
        false, varied, points, comparable, mismatches, everywhereMismatches, brokenBy);
  }

  /** Whether the two expressions are the same node after canonicalisation. */
  public boolean identical() {
    return identical;
  }

  /**
   * Whether the gradients agree as functions of the differentiated variables: identical, or equal
   * within tolerance at every random point where only those vary.
   */
  public boolean agrees() {
    return identical || mismatches.isEmpty();
  }

  /** The number of random points tried in each stage (0 when identical). */
  public int points() {
    return points;
  }

  /** The random points of the first stage where both sides were finite, so could be compared. */
  public int comparablePoints() {
    return comparable;
  }

  /** The elements where the two differ while only the differentiated variables vary. */
  public List<Mismatch> mismatches() {
    return mismatches;
  }

  /**
   * The variables (not differentiated) whose variation makes the formulas differ, when they agree
   * for the user's values of them; empty when they agree everywhere or already differ.
   */
  public List<String> brokenBy() {
    return brokenBy;
  }

  /** The second-stage warning, when the formulas agree only for the user's values of some data. */
  public Optional<String> warning() {
    if (!agrees() || everywhereMismatches.isEmpty()) {
      return Optional.empty();
    }
    String names = brokenBy.isEmpty() ? "the other variables" : String.join(", ", brokenBy);
    return Optional.of(
        "WARNING: the formulas differ when "
            + names
            + (brokenBy.size() == 1 ? " varies" : " vary")
            + " too: they agree for your "
            + names
            + ", not for every "
            + names
            + "\n  worst: "
            + worst(everywhereMismatches));
  }

  private static Mismatch worst(List<Mismatch> list) {
    return list.stream().max(Comparator.comparingDouble(Mismatch::badness)).orElseThrow();
  }

  @Override
  public String toString() {
    if (identical) {
      return "hand vs autodiff as formulas: identical after simplification";
    }
    String over =
        " random points varying "
            + String.join(", ", varied)
            + (points == 0 ? "" : " (the others at your values)");
    StringBuilder sb = new StringBuilder("hand vs autodiff as formulas: ");
    if (mismatches.isEmpty() && comparable == 0 && points > 0) {
      sb.append("not compared: a side is not finite at each of ").append(points).append(over);
    } else if (mismatches.isEmpty()) {
      sb.append("equal at ").append(comparable).append(" of ").append(points).append(over);
    } else {
      long bad = mismatches.stream().mapToInt(Mismatch::point).distinct().count();
      sb.append("DIFFERENT at ").append(bad).append(" of ").append(points).append(over);
      sb.append("\n  worst: ").append(worst(mismatches));
    }
    warning().ifPresent(w -> sb.append('\n').append(w));
    return sb.toString();
  }
}
