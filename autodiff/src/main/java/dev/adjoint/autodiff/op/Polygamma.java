package dev.adjoint.autodiff.op;

import static com.google.common.base.Preconditions.checkArgument;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.polygamma;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;
import java.util.Set;

/**
 * The polygamma function ψ⁽ⁿ⁾(x), the n-th derivative of the digamma function ψ, elementwise: the
 * derivatives of {@code digamma} to any order. {@code n = 1} is the trigamma function (Apache
 * Commons Numbers); higher orders sum (−1)ⁿ⁺¹ n! Σₖ 1/(x + k)ⁿ⁺¹ by recurrence up to x ≥ 20 and the
 * asymptotic series beyond.
 *
 * <p>Immutable and thread-safe.
 *
 * @param order n, from 1 to {@value #MAX_ORDER}
 */
public record Polygamma(int order) implements Op {

  /** The highest order: n! stays far from overflow and the series converges fast at x ≥ 20. */
  public static final int MAX_ORDER = 20;

  /** B₂, B₄, ..., B₁₄: the Bernoulli numbers of the asymptotic series. */
  private static final double[] BERNOULLI = {
    1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6
  };

  public Polygamma {
    checkArgument(
        order >= 1 && order <= MAX_ORDER,
        "polygamma: the order must be from 1 to %s, not %s",
        MAX_ORDER,
        order);
  }

  @Override
  public Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 1);
    return inputs.get(0);
  }

  /** d/dx ψ⁽ⁿ⁾(x) = ψ⁽ⁿ⁺¹⁾(x) */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    return mul(g, polygamma(inputs.get(0), order + 1));
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    return (in, out) -> {
      double[] x = in[0];
      for (int i = 0; i < out.length; i++) {
        out[i] = apply(x[i]);
      }
    };
  }

  /** ψ⁽ⁿ⁾(x). */
  public double apply(double x) {
    if (order == 1) {
      return org.apache.commons.numbers.gamma.Trigamma.value(x);
    }
    int n = order;
    double s = n + 1;
    double shifted = 0; // Σ 1/(x + k)ⁿ⁺¹ over the steps up to x ≥ 20
    while (x < 20) {
      if (x == Math.rint(x) && x <= 0) {
        return Double.NaN; // a pole
      }
      shifted += Math.pow(x, -s);
      x += 1;
    }
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    // Hurwitz ζ(s, x) ~ x^(1−s)/(s−1) + x^(−s)/2 + Σₖ B₂ₖ/(2k)! · s(s+1)···(s+2k−2) · x^(−s−2k+1)
    double zeta = Math.pow(x, 1 - s) / (s - 1) + Math.pow(x, -s) / 2;
    double rising = s; // s(s+1)···(s+2k−2)
    double factorial = 2; // (2k)!
    double power = Math.pow(x, -s - 1); // x^(−s−2k+1)
    for (int k = 1; k <= BERNOULLI.length; k++) {
      zeta += BERNOULLI[k - 1] / factorial * rising * power;
      rising *= (s + 2 * k - 1) * (s + 2 * k);
      factorial *= (2 * k + 1) * (2 * k + 2);
      power /= x * x;
    }
    double nFactorial = 1;
    for (int k = 2; k <= n; k++) {
      nFactorial *= k;
    }
    return (n % 2 == 1 ? 1 : -1) * nFactorial * (shifted + zeta);
  }

  @Override
  public Notation notation() {
    return Notation.function("polygamma");
  }

  @Override
  public List<String> parameters() {
    return List.of(String.valueOf(order));
  }

  @Override
  public Set<Trait> traits() {
    return Set.of(Trait.ELEMENTWISE);
  }
}
