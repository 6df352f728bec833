package dev.adjoint.autodiff.op;

import com.google.common.collect.ImmutableList;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.IndexMaps;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Base of the reductions over a set of axes ({@code sum}, {@code mean}, {@code max}, {@code min}).
 * An empty axis list means every axis; the reduced axes are dropped from the result (keepdims is a
 * reshape on top, see {@link Exprs#sum(Expr, boolean, int...)}).
 *
 * <p>Immutable and thread-safe, as are its subclasses.
 */
public abstract class Reduction implements Op {
  private final ImmutableList<Integer> axes;

  /** A reduction over sorted, distinct, non-negative axes; empty for all. */
  protected Reduction(List<Integer> axes) {
    this.axes = ImmutableList.copyOf(axes);
  }

  /** The reduced axes as given; empty means all. */
  public final List<Integer> axes() {
    return axes;
  }

  /** The reduced axes of an input of this shape. */
  protected final List<Integer> axes(Shape input) {
    return axes.isEmpty() ? Axes.all(input) : axes;
  }

  @Override
  public final Shape shape(List<Shape> inputs) {
    Arity.check(this, inputs, 1);
    Axes.check(this, inputs.get(0), axes);
    return Axes.reduced(inputs.get(0), axes(inputs.get(0)));
  }

  @Override
  public final List<String> parameters() {
    return Axes.parameters(axes, axes.isEmpty());
  }

  /** Reducing a scalar, or no axes, changes nothing. */
  @Override
  public Optional<Expr> rewrite(List<Expr> inputs) {
    Expr x = inputs.get(0);
    return x.shape().isScalar() ? Optional.of(x) : Optional.empty();
  }

  /** {@code g} (the reduced shape) broadcast back over the input's shape. */
  protected final Expr spread(Expr g, Shape input) {
    return Exprs.broadcastTo(Exprs.reshape(g, Axes.kept(input, axes(input)).dims()), input);
  }

  /** The offset each input element reduces into. */
  protected final int[] reduceMap(Shape input) {
    return IndexMaps.reduce(input, Axes.mask(input, axes(input)));
  }

  /** A kernel that folds every input element into its result with {@code combine}. */
  protected static Kernel fold(int[] map, double initial, Combiner combine, double scale) {
    return (in, out) -> {
      double[] x = in[0];
      Arrays.fill(out, initial);
      combine.apply(x, map, out);
      if (scale != 1) {
        for (int i = 0; i < out.length; i++) {
          out[i] *= scale;
        }
      }
    };
  }

  /** The inner loop of a reduction, written out per op so the JIT sees one body per kind. */
  protected interface Combiner {
    void apply(double[] x, int[] map, double[] out);
  }

  @Override
  public final boolean equals(Object o) {
    return o != null && o.getClass() == getClass() && ((Reduction) o).axes.equals(axes);
  }

  @Override
  public final int hashCode() {
    return getClass().getName().hashCode() * 31 + axes.hashCode();
  }

  @Override
  public String toString() {
    return name() + axes;
  }
}
