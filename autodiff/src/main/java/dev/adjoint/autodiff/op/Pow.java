package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;
import java.util.Optional;

/**
 * The elementwise power {@code x ^ y}, with broadcasting; the exponent may be a constant or any
 * expression.
 *
 * <p>Immutable and thread-safe.
 */
public final class Pow extends ElementwiseBinary {

  @Override
  public Notation notation() {
    return Notation.infix("^", "^", "^", Notation.PRECEDENCE_POWER, Notation.Associativity.RIGHT);
  }

  /**
   * ∂/∂x x^y = y·x^(y−1); a structural zero when y is a constant zero (x⁰ is constant, and {@code
   * 0·x^(−1)} would be NaN at x = 0).
   */
  @Override
  protected Expr dx(Expr g, Expr out, Expr x, Expr y) {
    return isZero(y) ? zeros(g.shape()) : mul(g, mul(y, pow(x, sub(y, constant(1)))));
  }

  /** ∂/∂y x^y = x^y·log x */
  @Override
  protected Expr dy(Expr g, Expr out, Expr x, Expr y) {
    return mul(g, mul(out, log(x)));
  }

  /**
   * {@code x^1 → x}, when the one does not broadcast {@code x} to a larger shape. Not {@code x^0 →
   * 1}: checked evaluation must still see a NaN or infinity in x (the simplifier's {@code pow-zero}
   * rule drops x on request).
   */
  @Override
  public Optional<Expr> rewrite(List<Expr> inputs) {
    Expr x = inputs.get(0);
    Expr y = inputs.get(1);
    if (isOne(y) && y.shape().broadcastsTo(x.shape())) {
      return Optional.of(x);
    }
    return Optional.empty();
  }

  @Override
  public double apply(double x, double y) {
    return Math.pow(x, y);
  }

  @Override
  protected Kernel kernel(int[] ia, int[] ib) {
    return (in, out) -> {
      double[] a = in[0];
      double[] b = in[1];
      if (ia == null && ib == null) {
        for (int i = 0; i < out.length; i++) {
          out[i] = apply(a[i], b[i]);
        }
      } else {
        for (int i = 0; i < out.length; i++) {
          double x = a[ia == null ? i : ia[i]];
          double y = b[ib == null ? i : ib[i]];
          out[i] = apply(x, y);
        }
      }
    };
  }
}
