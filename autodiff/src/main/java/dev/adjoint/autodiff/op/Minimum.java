package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import java.util.Set;

/**
 * The elementwise minimum of two tensors, with broadcasting. Where they tie, each operand gets half
 * the gradient, as the {@code min} reduction splits it.
 *
 * <p>Immutable and thread-safe.
 */
public final class Minimum extends ElementwiseBinary {

  @Override
  public Notation notation() {
    return Notation.function("minimum");
  }

  /** ∂/∂x min(x, y) = [x &lt; y] + ½[x = y] */
  @Override
  protected Expr dx(Expr g, Expr out, Expr x, Expr y) {
    return mul(g, add(lt(x, y), mul(constant(0.5), eq(x, y))));
  }

  /** ∂/∂y min(x, y) = [y &lt; x] + ½[x = y] */
  @Override
  protected Expr dy(Expr g, Expr out, Expr x, Expr y) {
    return mul(g, add(lt(y, x), mul(constant(0.5), eq(x, y))));
  }

  @Override
  public double apply(double x, double y) {
    return Math.min(x, y);
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
