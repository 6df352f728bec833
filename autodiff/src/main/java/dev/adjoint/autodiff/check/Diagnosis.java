package dev.adjoint.autodiff.check;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a hand-derived gradient that differs from autodiff has in common with it: a constant factor
 * (a sign flip when −1), a constant offset, a transpose, or the gradient of another variable; then
 * both formulas, so the user sees what to compare.
 */
final class Diagnosis {
  /** Formulas are cut at this many characters before wrapping. */
  private static final int FORMULA_LIMIT = 1200;

  private static final double RELATIVE = 1e-8;

  private Diagnosis() {}

  /** The diagnosis lines for a mismatch of {@code hand} with {@code autodiff} for {@code v}. */
  static List<String> of(
      Variable v,
      Tensor hand,
      Tensor autodiff,
      Map<Variable, Tensor> otherAutodiff,
      Optional<Expr> handFormula,
      Expr autodiffFormula) {
    List<String> lines = new ArrayList<>();
    pattern(v, hand, autodiff, otherAutodiff).ifPresent(lines::add);
    handFormula.ifPresent(f -> lines.add(Reports.wrap("hand:     ", "          ", formula(f))));
    lines.add(Reports.wrap("autodiff: ", "          ", formula(autodiffFormula)));
    return lines;
  }

  private static String formula(Expr e) {
    return Reports.unicode(e, FORMULA_LIMIT);
  }

  /** The first pattern that explains the difference at every element, if any. */
  static Optional<String> pattern(
      Variable v, Tensor hand, Tensor autodiff, Map<Variable, Tensor> otherAutodiff) {
    int n = hand.size();
    double[] h = hand.toArray();
    double[] a = autodiff.toArray();
    int nan = 0;
    int first = -1;
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(h[i]) && Double.isFinite(a[i])) {
        nan++;
        first = first < 0 ? i : first;
      }
    }
    int autodiffNan = 0;
    int firstAutodiff = -1;
    for (int i = 0; i < n; i++) {
      if (Double.isFinite(h[i]) && !Double.isFinite(a[i])) {
        autodiffNan++;
        firstAutodiff = firstAutodiff < 0 ? i : firstAutodiff;
      }
    }
    if (autodiffNan > 0) {
      return Optional.of(
          "autodiff is "
              + a[firstAutodiff]
              + " at "
              + autodiffNan
              + (autodiffNan == 1 ? " element" : " elements")
              + " where hand is finite, first at "
              + Reports.index(hand.shape().index(firstAutodiff))
              + "; checkingFinite() shows where it arises");
    }
    if (nan > 0) {
      return Optional.of(
          "hand is "
              + h[first]
              + " at "
              + nan
              + " element"
              + (nan == 1 ? "" : "s")
              + " where autodiff is finite, first at "
              + Reports.index(hand.shape().index(first)));
    }
    double scale = 0;
    int largest = 0;
    for (int i = 0; i < n; i++) {
      if (Math.abs(a[i]) > Math.abs(a[largest])) {
        largest = i;
      }
      scale = Math.max(scale, Math.max(Math.abs(a[i]), Math.abs(h[i])));
    }
    String every = n == 1 ? "" : " at every element";
    if (a[largest] != 0) {
      double c = h[largest] / a[largest];
      if (allClose(h, scaled(a, c), scale)) {
        if (close(c, -1, 1)) {
          return Optional.of("hand = −autodiff" + every + ": the sign is flipped");
        }
        if (close(c, 0, 1)) {
          return Optional.of("hand is 0" + every);
        }
        return Optional.of("hand = " + Reports.value(c) + " × autodiff" + every);
      }
    }
    if (n > 1) {
      double c = h[0] - a[0];
      double[] shifted = new double[n];
      for (int i = 0; i < n; i++) {
        shifted[i] = a[i] + c;
      }
      if (allClose(h, shifted, scale)) {
        return Optional.of(
            "hand = autodiff " + (c < 0 ? "− " : "+ ") + Reports.value(Math.abs(c)) + every);
      }
    }
    if (hand.shape().rank() == 2 && hand.shape().dim(0) == hand.shape().dim(1) && n > 1) {
      int m = hand.shape().dim(0);
      double[] transposed = new double[n];
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < m; j++) {
          transposed[i * m + j] = a[j * m + i];
        }
      }
      if (allClose(h, transposed, scale)) {
        return Optional.of(
            "hand is the transpose of autodiff: hand[i, j] = autodiff[j, i] at every element");
      }
    }
    for (Map.Entry<Variable, Tensor> other : otherAutodiff.entrySet()) {
      if (!other.getKey().equals(v)
          && other.getValue().shape().equals(hand.shape())
          && allClose(h, other.getValue().toArray(), scale)) {
        return Optional.of(
            "hand for "
                + v.name()
                + " equals autodiff for "
                + other.getKey().name()
                + ": are the variables swapped?");
      }
    }
    return Optional.empty();
  }

  private static double[] scaled(double[] a, double c) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = c * a[i];
    }
    return out;
  }

  private static boolean allClose(double[] x, double[] y, double scale) {
    for (int i = 0; i < x.length; i++) {
      if (!close(x[i], y[i], scale)) {
        return false;
      }
    }
    return true;
  }

  private static boolean close(double x, double y, double scale) {
    return Math.abs(x - y) <= RELATIVE * Math.max(Math.abs(x), Math.abs(y)) + 1e-12 * scale;
  }
}
