package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code x + y}, elementwise with broadcasting.
 *
 * <p>Immutable and thread-safe.
 */
public final class Add extends ElementwiseBinary {

  @Override
  public Notation notation() {
    return Notation.infix("+", "+", "+", Notation.PRECEDENCE_SUM, Notation.Associativity.BOTH);
  }

  /** ∂/∂x (x + y) = 1 */
  @Override
  protected Expr dx(Expr g, Expr out, Expr x, Expr y) {
    return g;
  }

  /** ∂/∂y (x + y) = 1 */
  @Override
  protected Expr dy(Expr g, Expr out, Expr x, Expr y) {
    return g;
  }

  /** {@code x + 0 → x}, {@code 0 + x → x}. */
  @Override
  public Optional<Expr> rewrite(List<Expr> inputs) {
    Expr x = inputs.get(0);
    Expr y = inputs.get(1);
    if (isZero(y) && y.shape().broadcastsTo(x.shape())) {
      return Optional.of(x);
    }
    if (isZero(x) && x.shape().broadcastsTo(y.shape())) {
      return Optional.of(y);
    }
    return Optional.empty();
  }

  @Override
  public double apply(double x, double y) {
    return x + y;
  }

  @Override
  public Set<Trait> traits() {
    return Set.of(Trait.ELEMENTWISE, Trait.LINEAR, Trait.COMMUTATIVE, Trait.ASSOCIATIVE);
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
