package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The elementwise (Hadamard) product {@code x ⊙ y}, with broadcasting.
 *
 * <p>Immutable and thread-safe.
 */
public final class Mul extends ElementwiseBinary {

  @Override
  public Notation notation() {
    return Notation.infix(
        "*", "⊙", "\\odot", Notation.PRECEDENCE_PRODUCT, Notation.Associativity.BOTH);
  }

  /** ∂/∂x (x·y) = y; a structural zero when y is a constant zero (no {@code g·0} node). */
  @Override
  protected Expr dx(Expr g, Expr out, Expr x, Expr y) {
    return isZero(y) ? zeros(g.shape()) : mul(g, y);
  }

  /** ∂/∂y (x·y) = x; a structural zero when x is a constant zero. */
  @Override
  protected Expr dy(Expr g, Expr out, Expr x, Expr y) {
    return isZero(x) ? zeros(g.shape()) : mul(g, x);
  }

  /**
   * {@code x·1 → x} and {@code 1·x → x}, when the one does not broadcast {@code x} to a larger
   * shape. Not {@code x·0 → 0}: where x is infinite or NaN the product is NaN, and checked
   * evaluation must see the expression as written (the simplifier's {@code mul-zero} rule extends
   * the domain on request).
   */
  @Override
  public Optional<Expr> rewrite(List<Expr> inputs) {
    Expr x = inputs.get(0);
    Expr y = inputs.get(1);
    if (isOne(y) && y.shape().broadcastsTo(x.shape())) {
      return Optional.of(x);
    }
    if (isOne(x) && x.shape().broadcastsTo(y.shape())) {
      return Optional.of(y);
    }
    return Optional.empty();
  }

  @Override
  public double apply(double x, double y) {
    return x * y;
  }

  @Override
  public Set<Trait> traits() {
    return Set.of(Trait.ELEMENTWISE, Trait.COMMUTATIVE, Trait.ASSOCIATIVE);
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
