package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.*;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.IndexMaps;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;
import java.util.Set;

/**
 * {@code clip(x, lo, hi)}: x limited to [lo, hi] elementwise, with the three operands broadcast
 * together; as NumPy's {@code clip}, it is {@code min(max(x, lo), hi)}, so hi wins where lo > hi.
 * At a bound the gradient goes to x, as PyTorch's {@code clamp} does.
 *
 * <p>Immutable and thread-safe.
 */
public final class Clip implements Op {

  @Override
  public Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 3);
    try {
      return Shape.broadcast(Shape.broadcast(inputs.get(0), inputs.get(1)), inputs.get(2));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("clip: " + e.getMessage());
    }
  }

  /**
   * ∂/∂x = [lo ≤ x ≤ hi], ∂/∂lo = [x &lt; lo], ∂/∂hi = [x &gt; hi] where lo ≤ hi; written with
   * max(x, lo) so that they also hold where lo > hi and the result is hi.
   */
  @Override
  public Expr gradient(int input, Expr g, Expr out, List<Expr> inputs) {
    Expr x = inputs.get(0);
    Expr lo = inputs.get(1);
    Expr hi = inputs.get(2);
    Expr belowHi = le(maximum(x, lo), hi);
    return switch (input) {
      case 0 -> mul(g, mul(ge(x, lo), belowHi));
      case 1 -> mul(g, mul(lt(x, lo), belowHi));
      default -> mul(g, gt(maximum(x, lo), hi));
    };
  }

  /** min(max(x, lo), hi). */
  public static double apply(double x, double lo, double hi) {
    return Math.min(Math.max(x, lo), hi);
  }

  @Override
  public Kernel kernel(List<Shape> inputs, Shape output) {
    int[] ix = IndexMaps.broadcast(inputs.get(0), output);
    int[] il = IndexMaps.broadcast(inputs.get(1), output);
    int[] ih = IndexMaps.broadcast(inputs.get(2), output);
    return (in, out) -> {
      for (int i = 0; i < out.length; i++) {
        out[i] =
            apply(
                in[0][ix == null ? i : ix[i]],
                in[1][il == null ? i : il[i]],
                in[2][ih == null ? i : ih[i]]);
      }
    };
  }

  @Override
  public Notation notation() {
    return Notation.function("clip");
  }

  @Override
  public boolean hasKink() {
    return true;
  }

  @Override
  public Set<Trait> traits() {
    return Set.of(Trait.ELEMENTWISE);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Clip;
  }

  @Override
  public int hashCode() {
    return Clip.class.getName().hashCode();
  }

  @Override
  public String toString() {
    return "clip";
  }
}
