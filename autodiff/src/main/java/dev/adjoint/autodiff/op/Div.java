package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;
import java.util.Optional;

/**
 * The elementwise quotient {@code x / y}, with broadcasting.
 *
 * <p>Immutable and thread-safe.
 */
public final class Div extends ElementwiseBinary {

  @Override
  public Notation notation() {
    return Notation.infix("/", "/", "/", Notation.PRECEDENCE_PRODUCT, Notation.Associativity.LEFT)
        .withForms(null, new Notation.Form("\\frac{#1}{#2}", Notation.PRECEDENCE_POWER));
  }

  /** ∂/∂x (x/y) = 1/y */
  @Override
  protected Expr dx(Expr g, Expr out, Expr x, Expr y) {
    return div(g, y);
  }

  /** ∂/∂y (x/y) = −x/y² = −out/y; a structural zero when x is a constant zero. */
  @Override
  protected Expr dy(Expr g, Expr out, Expr x, Expr y) {
    return isZero(x) ? zeros(g.shape()) : neg(div(mul(g, out), y));
  }

  /**
   * {@code x / 1 → x}, when the one does not broadcast {@code x} to a larger shape. Not {@code 0/y
   * → 0}: at y = 0 the quotient is NaN, and checked evaluation must see it.
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
    return x / y;
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
