package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import java.util.Set;

/**
 * Base of {@link Maximum} and {@link Minimum}: the gradient goes to the operand that wins, and
 * where they tie each gets half, as the {@code max} and {@code min} reductions split it.
 */
abstract class PairwiseExtremum extends ElementwiseBinary {

  /** The indicator [a wins over b]: [a &gt; b] for the maximum, [a &lt; b] for the minimum. */
  abstract Expr wins(Expr a, Expr b);

  /** ∂/∂x ext(x, y) = [x wins over y] + ½[x = y] */
  @Override
  protected final Expr dx(Expr g, Expr out, Expr x, Expr y) {
    return mul(g, add(wins(x, y), mul(constant(0.5), eq(x, y))));
  }

  /** ∂/∂y ext(x, y) = [y wins over x] + ½[x = y] */
  @Override
  protected final Expr dy(Expr g, Expr out, Expr x, Expr y) {
    return mul(g, add(wins(y, x), mul(constant(0.5), eq(x, y))));
  }

  @Override
  public final boolean hasKink() {
    return true;
  }

  @Override
  public final Set<Trait> traits() {
    return Set.of(Trait.ELEMENTWISE, Trait.COMMUTATIVE, Trait.ASSOCIATIVE);
  }
}
