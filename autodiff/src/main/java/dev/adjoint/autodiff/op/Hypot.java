package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import java.util.Set;

/**
 * √(x² + y²) without overflow or underflow, elementwise with broadcasting.
 *
 * <p>Immutable and thread-safe.
 */
public final class Hypot extends ElementwiseBinary {

  @Override
  public Notation notation() {
    return Notation.function("hypot");
  }

  /** ∂/∂x √(x² + y²) = x/√(x² + y²) */
  @Override
  protected Expr dx(Expr g, Expr out, Expr x, Expr y) {
    return div(mul(g, x), out);
  }

  /** ∂/∂y √(x² + y²) = y/√(x² + y²) */
  @Override
  protected Expr dy(Expr g, Expr out, Expr x, Expr y) {
    return div(mul(g, y), out);
  }

  @Override
  public double apply(double x, double y) {
    return Math.hypot(x, y);
  }

  @Override
  public Set<Trait> traits() {
    return Set.of(Trait.ELEMENTWISE, Trait.COMMUTATIVE);
  }
}
