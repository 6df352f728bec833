package dev.adjoint.autodiff.simplify;

import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.op.BroadcastTo;
import dev.adjoint.autodiff.op.Div;
import dev.adjoint.autodiff.op.Mul;
import dev.adjoint.autodiff.op.Neg;
import dev.adjoint.autodiff.op.Reshape;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** Small matchers shared by the rules. */
final class Patterns {
  private Patterns() {}

  /** Whether {@code e} is a rank-0 constant. */
  static boolean isScalarConstant(Expr e) {
    return e instanceof Constant && e.shape().isScalar();
  }

  /** The value of a rank-0 constant. */
  static double scalarValue(Expr e) {
    return ((Constant) e).tensor().item();
  }

  /**
   * The value every element of {@code e} has, when {@code e} is a constant with all elements equal
   * or a broadcast of one; empty otherwise, and for a tensor with no elements.
   */
  static OptionalDouble uniformValue(Expr e) {
    Expr x = e.op() instanceof BroadcastTo ? e.input(0) : e;
    if (!(x instanceof Constant c) || c.tensor().size() == 0) {
      return OptionalDouble.empty();
    }
    Tensor t = c.tensor();
    double first = t.getFlat(0);
    return t.isAll(first) ? OptionalDouble.of(first) : OptionalDouble.empty();
  }

  /** Whether every element of {@code e} is the constant {@code value}. */
  static boolean isUniform(Expr e, double value) {
    OptionalDouble v = uniformValue(e);
    return v.isPresent() && v.getAsDouble() == value;
  }

  /** {@code e} broadcast to {@code shape} (itself when it has that shape already). */
  static Expr fit(Expr e, Shape shape) {
    return e.shape().equals(shape) ? e : Exprs.broadcastTo(e, shape);
  }

  /** Zeros of {@code shape}, as a broadcast scalar (folded when small). */
  static Expr zeros(Shape shape) {
    return fit(Constant.of(0), shape);
  }

  /** Ones of {@code shape}, as a broadcast scalar (folded when small). */
  static Expr ones(Shape shape) {
    return fit(Constant.of(1), shape);
  }

  /** How far down the first operands of a product a coefficient is looked for. */
  private static final int SPINE_LIMIT = 32;

  /**
   * The nodes on the left spine of a product, top first: {@code e} and its first operands while
   * they are {@code ⊙} or {@code /}. Empty when {@code e} is not such a product or the spine is
   * longer than {@link #SPINE_LIMIT}.
   */
  private static List<Expr> spine(Expr e) {
    List<Expr> spine = new ArrayList<>();
    for (Expr x = e; x.op() instanceof Mul || x.op() instanceof Div; x = x.input(0)) {
      if (spine.size() == SPINE_LIMIT) {
        return List.of();
      }
      spine.add(x);
    }
    return spine;
  }

  /** The first operand at the bottom of a non-empty spine. */
  private static Expr bottom(List<Expr> spine) {
    return spine.get(spine.size() - 1).input(0);
  }

  /** The spine rebuilt with its bottom operand replaced by {@code bottom}. */
  private static Expr rebuild(List<Expr> spine, Expr bottom) {
    Expr x = bottom;
    for (int i = spine.size() - 1; i >= 0; i--) {
      Expr node = spine.get(i);
      x = Expr.apply(node.op(), x, node.input(1));
    }
    return x;
  }

  /**
   * The scalar coefficient of a canonical product, which is written first: {@code c} for {@code
   * c·x·y/z}, −1 for {@code −x}, 1 otherwise.
   */
  static double coefficient(Expr e) {
    if (e.op() instanceof Neg) {
      return -1;
    }
    List<Expr> spine = spine(e);
    return !spine.isEmpty() && isScalarConstant(bottom(spine)) ? scalarValue(bottom(spine)) : 1;
  }

  /** What remains of a canonical product without its scalar coefficient. */
  static Expr withoutCoefficient(Expr e) {
    if (e.op() instanceof Neg) {
      return e.input(0);
    }
    List<Expr> spine = spine(e);
    if (spine.isEmpty() || !isScalarConstant(bottom(spine)) || scalarValue(bottom(spine)) == 1) {
      return e;
    }
    Expr lowest = spine.get(spine.size() - 1);
    Expr rest =
        lowest.op() instanceof Mul ? lowest.input(1) : Exprs.div(Constant.of(1), lowest.input(1));
    return rebuild(spine.subList(0, spine.size() - 1), rest);
  }

  /**
   * {@code c·x} in canonical form, the coefficient first: {@code x} for 1, {@code −x} for −1, zeros
   * for 0, and {@code c·a·b/d} for {@code x = a·b/d} (a coefficient x has is multiplied in).
   */
  static Expr scaled(double c, Expr x) {
    if (c == 1) {
      return x;
    }
    if (c == -1) {
      return Exprs.neg(x);
    }
    if (c == 0) {
      return zeros(x.shape());
    }
    List<Expr> spine = spine(x);
    if (spine.isEmpty()) {
      return Exprs.mul(Constant.of(c), x);
    }
    Expr b = bottom(spine);
    Expr scaledBottom =
        isScalarConstant(b) ? Constant.of(c * scalarValue(b)) : Exprs.mul(Constant.of(c), b);
    return rebuild(spine, scaledBottom);
  }

  /**
   * Whether {@code expanded} is {@code reduced} (a reduction of a tensor of shape {@code full} over
   * {@code axes}, empty for all) brought back to {@code full} through reshapes and broadcasts so
   * that every element of {@code full} meets the result of its own group: the reduced axes are
   * repeated, every other axis lines up with itself. A reshape may only add or remove axes of
   * length 1; anything else is refused.
   */
  static boolean expandsAlong(Expr expanded, Expr reduced, Shape full, List<Integer> axes) {
    if (!expanded.shape().equals(full)) {
      return false;
    }
    List<Expr> chain = new ArrayList<>();
    for (Expr x = expanded; x != reduced; x = x.input(0)) {
      if (!(x.op() instanceof BroadcastTo || x.op() instanceof Reshape)) {
        return false;
      }
      chain.add(x);
    }
    // source[d]: which axis of the reduced tensor axis d of the current tensor runs along, or -1
    // where it repeats one value (a broadcast axis, or any axis of length 1).
    int[] source = new int[reduced.shape().rank()];
    for (int d = 0; d < source.length; d++) {
      source[d] = reduced.shape().dim(d) == 1 ? -1 : d;
    }
    Shape shape = reduced.shape();
    for (int i = chain.size() - 1; i >= 0; i--) {
      Shape to = chain.get(i).shape();
      source =
          chain.get(i).op() instanceof Reshape
              ? reshapedSource(source, shape, to)
              : broadcastSource(source, shape, to);
      if (source == null) {
        return false;
      }
      shape = to;
    }
    int kept = 0;
    for (int d = 0; d < full.rank(); d++) {
      boolean reducedAxis = axes.isEmpty() || axes.contains(d);
      int expected = reducedAxis ? -1 : kept++;
      if (full.dim(d) != 1 && source[d] != expected) {
        return false;
      }
    }
    return true;
  }

  /** The sources after a reshape that only adds or removes axes of length 1; null otherwise. */
  private static int[] reshapedSource(int[] source, Shape from, Shape to) {
    int[] result = new int[to.rank()];
    int j = 0;
    for (int d = 0; d < to.rank(); d++) {
      if (to.dim(d) == 1) {
        result[d] = -1;
        continue;
      }
      while (j < from.rank() && from.dim(j) == 1) {
        j++;
      }
      if (j == from.rank() || from.dim(j) != to.dim(d)) {
        return null;
      }
      result[d] = source[j++];
    }
    while (j < from.rank() && from.dim(j) == 1) {
      j++;
    }
    return j == from.rank() ? result : null;
  }

  /** The sources after a broadcast: NumPy's rule, aligning trailing axes. */
  private static int[] broadcastSource(int[] source, Shape from, Shape to) {
    int[] result = new int[to.rank()];
    int offset = to.rank() - from.rank();
    for (int d = 0; d < to.rank(); d++) {
      int k = d - offset;
      result[d] = k < 0 || from.dim(k) != to.dim(d) || to.dim(d) == 1 ? -1 : source[k];
    }
    return result;
  }
}
