package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;
import java.util.Optional;

/**
 * Negation {@code −x}.
 *
 * <p>Immutable and thread-safe.
 */
public final class Neg extends ElementwiseFunction {

  /** The op; all instances are equal. */
  public Neg() {
    super(
        new Notation(
            Notation.Fixity.PREFIX,
            "-",
            "−",
            "-",
            Notation.PRECEDENCE_UNARY,
            Notation.Associativity.NONE),
        Trait.LINEAR,
        Trait.ODD);
  }

  /** d/dx (−x) = −1 */
  @Override
  protected Expr derivative(Expr g, Expr out, Expr x) {
    return neg(g);
  }

  /** {@code −(−x) → x}. */
  @Override
  public Optional<Expr> rewrite(List<Expr> inputs) {
    Expr x = inputs.get(0);
    return x.op() instanceof Neg ? Optional.of(x.input(0)) : Optional.empty();
  }

  @Override
  public double apply(double x) {
    return -x;
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
}
