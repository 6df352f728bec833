package dev.adjoint.autodiff.fuzz;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Tensor;
import java.util.Locale;

/** Norm-wise comparison of two tensors: {@code ‖a − b‖ ≤ rel·max(‖a‖, ‖b‖) + abs}. */
final class Norms {
  /** Rewrites and simplified gradients must agree with the reference to rounding. */
  static final double EXACT = 1e-10;

  /**
   * Finite differences of a gradient carry truncation and rounding error of about ε^(2/3), times
   * the third derivative: 1e-5 was exceeded once in 10⁵ cases (1.8e-5, seed 2186056).
   */
  static final double LOOSE = 1e-4;

  private Norms() {}

  static double norm(Tensor t) {
    double s = 0;
    for (int i = 0; i < t.size(); i++) {
      s += t.getFlat(i) * t.getFlat(i);
    }
    return Math.sqrt(s);
  }

  static double distance(Tensor a, Tensor b) {
    double s = 0;
    for (int i = 0; i < a.size(); i++) {
      double d = a.getFlat(i) - b.getFlat(i);
      s += d * d;
    }
    return Math.sqrt(s);
  }

  /** Agreement to rounding ({@link #EXACT}); {@code reference} is the value as written. */
  static Outcome agree(String what, Expr candidate, Tensor value, Tensor reference) {
    return agree(what, candidate, value, reference, EXACT, 1e-12);
  }

  /** Agreement to the accuracy of finite differences ({@link #LOOSE}). */
  static Outcome agreeLoosely(String what, Expr candidate, Tensor value, Tensor reference) {
    return agree(what, candidate, value, reference, LOOSE, 1e-6);
  }

  private static Outcome agree(
      String what, Expr candidate, Tensor value, Tensor reference, double rel, double abs) {
    if (!value.shape().equals(reference.shape())) {
      return Outcome.failed(
          what + " has shape " + value.shape() + " instead of " + reference.shape());
    }
    double d = distance(value, reference);
    double scale = Math.max(norm(value), norm(reference));
    if (d <= rel * scale + abs) {
      return Outcome.passed();
    }
    return Outcome.failed(
        String.format(
            Locale.ROOT,
            "%s differs: ‖difference‖ = %.3g, relative %.3g > %.0e%n    got      %s%n"
                + "    expected %s%n    from     %s",
            what,
            d,
            d / Math.max(scale, Double.MIN_NORMAL),
            rel,
            value,
            reference,
            candidate));
  }
}
