package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import java.util.Set;

/**
 * The elementwise maximum of two tensors, with broadcasting. Where they tie, each operand gets half
 * the gradient, as the {@code max} reduction splits it.
 *
 * <p>Immutable and thread-safe.
 */
public final class Maximum extends ElementwiseBinary {

  @Override
  public Notation notation() {
    return Notation.function("maximum");
  }

  /** ∂/∂x max(x, y) = [x > y] + ½[x = y] */
  @Override
  protected Expr dx(Expr g, Expr out, Expr x, Expr y) {
    return mul(g, add(gt(x, y), mul(constant(0.5), eq(x, y))));
  }

  /** ∂/∂y max(x, y) = [y > x] + ½[x = y] */
  @Override
  protected Expr dy(Expr g, Expr out, Expr x, Expr y) {
    return mul(g, add(gt(y, x), mul(constant(0.5), eq(x, y))));
  }

  @Override
  public double apply(double x, double y) {
    return Math.max(x, y);
  }

  @Override
  public boolean hasKink() {
    return true;
  }

  @Override
  public Set<Trait> traits() {
    return Set.of(Trait.ELEMENTWISE, Trait.COMMUTATIVE, Trait.ASSOCIATIVE);
  }
}
