package dev.adjoint.autodiff;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import com.google.common.primitives.Ints;
import dev.adjoint.autodiff.op.Abs;
import dev.adjoint.autodiff.op.Acos;
import dev.adjoint.autodiff.op.Acosh;
import dev.adjoint.autodiff.op.Add;
import dev.adjoint.autodiff.op.Asin;
import dev.adjoint.autodiff.op.Asinh;
import dev.adjoint.autodiff.op.Atan;
import dev.adjoint.autodiff.op.Atan2;
import dev.adjoint.autodiff.op.Atanh;
import dev.adjoint.autodiff.op.BroadcastTo;
import dev.adjoint.autodiff.op.Cbrt;
import dev.adjoint.autodiff.op.Cholesky;
import dev.adjoint.autodiff.op.Clip;
import dev.adjoint.autodiff.op.Comparison;
import dev.adjoint.autodiff.op.Concat;
import dev.adjoint.autodiff.op.Cos;
import dev.adjoint.autodiff.op.Cosh;
import dev.adjoint.autodiff.op.CumSum;
import dev.adjoint.autodiff.op.Det;
import dev.adjoint.autodiff.op.Diag;
import dev.adjoint.autodiff.op.Digamma;
import dev.adjoint.autodiff.op.Div;
import dev.adjoint.autodiff.op.Erf;
import dev.adjoint.autodiff.op.Erfc;
import dev.adjoint.autodiff.op.Exp;
import dev.adjoint.autodiff.op.Expm1;
import dev.adjoint.autodiff.op.Eye;
import dev.adjoint.autodiff.op.Gather;
import dev.adjoint.autodiff.op.Hypot;
import dev.adjoint.autodiff.op.IndexSelect;
import dev.adjoint.autodiff.op.Inv;
import dev.adjoint.autodiff.op.Log;
import dev.adjoint.autodiff.op.Log10;
import dev.adjoint.autodiff.op.Log1p;
import dev.adjoint.autodiff.op.Log2;
import dev.adjoint.autodiff.op.LogDet;
import dev.adjoint.autodiff.op.LogGamma;
import dev.adjoint.autodiff.op.LogSoftmax;
import dev.adjoint.autodiff.op.LogSumExp;
import dev.adjoint.autodiff.op.MatMul;
import dev.adjoint.autodiff.op.Max;
import dev.adjoint.autodiff.op.Maximum;
import dev.adjoint.autodiff.op.Mean;
import dev.adjoint.autodiff.op.Min;
import dev.adjoint.autodiff.op.Minimum;
import dev.adjoint.autodiff.op.Mul;
import dev.adjoint.autodiff.op.Neg;
import dev.adjoint.autodiff.op.OneHot;
import dev.adjoint.autodiff.op.Outer;
import dev.adjoint.autodiff.op.Pad;
import dev.adjoint.autodiff.op.Polygamma;
import dev.adjoint.autodiff.op.Pow;
import dev.adjoint.autodiff.op.Prod;
import dev.adjoint.autodiff.op.Relu;
import dev.adjoint.autodiff.op.Reshape;
import dev.adjoint.autodiff.op.ScatterAdd;
import dev.adjoint.autodiff.op.Sigmoid;
import dev.adjoint.autodiff.op.Sign;
import dev.adjoint.autodiff.op.Sin;
import dev.adjoint.autodiff.op.Sinh;
import dev.adjoint.autodiff.op.Slice;
import dev.adjoint.autodiff.op.Softmax;
import dev.adjoint.autodiff.op.Softplus;
import dev.adjoint.autodiff.op.Solve;
import dev.adjoint.autodiff.op.Sqrt;
import dev.adjoint.autodiff.op.Square;
import dev.adjoint.autodiff.op.StopGradient;
import dev.adjoint.autodiff.op.Sub;
import dev.adjoint.autodiff.op.Sum;
import dev.adjoint.autodiff.op.Tan;
import dev.adjoint.autodiff.op.Tanh;
import dev.adjoint.autodiff.op.Trace;
import dev.adjoint.autodiff.op.Transpose;
import dev.adjoint.autodiff.op.Where;
import dev.adjoint.autodiff.print.PlainPrinter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Static factories for expressions: {@code sigmoid(W.matmul(X)).minus(y)} and friends. Every
 * factory checks shapes at once and throws {@link ShapeMismatchException} naming the op, the shapes
 * and the expression.
 *
 * <p>Stateless and thread-safe: the factories may be called from any thread.
 */
public final class Exprs {
  private Exprs() {}

  // ---- leaves ----

  /** A variable; see {@link Variable#of(String, int...)}. */
  public static Variable variable(String name, int... dims) {
    return Variable.of(name, dims);
  }

  /** A scalar constant. */
  public static Constant constant(double value) {
    return Constant.of(value);
  }

  /** A constant tensor. */
  public static Constant constant(Tensor value) {
    return Constant.of(value);
  }

  /**
   * Zeros of a shape: the expression for "no gradient". Small shapes are a {@link Constant}; large
   * ones a scalar zero broadcast to the shape, so no large tensor is materialised.
   */
  public static Expr zeros(Shape shape) {
    return filled(shape, 0);
  }

  /** Ones of a shape, materialised only when small (see {@link #zeros}). */
  public static Expr ones(Shape shape) {
    return filled(shape, 1);
  }

  private static Expr filled(Shape shape, double value) {
    return shape.size() <= Expr.FOLD_LIMIT
        ? Constant.of(Tensor.full(shape, value))
        : broadcastTo(constant(value), shape);
  }

  /** Whether every element of {@code e} is a constant zero. */
  public static boolean isZero(Expr e) {
    return isAll(e, 0);
  }

  /** Whether every element of {@code e} is a constant one. */
  public static boolean isOne(Expr e) {
    return isAll(e, 1);
  }

  private static boolean isAll(Expr e, double value) {
    if (e.op() instanceof BroadcastTo) {
      e = e.input(0);
    }
    return e instanceof Constant c && c.isAll(value);
  }

  // ---- arithmetic ----

  /** {@code a + b}. */
  public static Expr add(Expr a, Expr b) {
    return Expr.apply(new Add(), a, b);
  }

  /** {@code a − b}. */
  public static Expr sub(Expr a, Expr b) {
    return Expr.apply(new Sub(), a, b);
  }

  /** The elementwise product {@code a ⊙ b}. */
  public static Expr mul(Expr a, Expr b) {
    return Expr.apply(new Mul(), a, b);
  }

  /** The elementwise quotient {@code a / b}. */
  public static Expr div(Expr a, Expr b) {
    return Expr.apply(new Div(), a, b);
  }

  /** The elementwise power {@code a ^ b}. */
  public static Expr pow(Expr a, Expr b) {
    return Expr.apply(new Pow(), a, b);
  }

  /** {@code a + c}. */
  public static Expr add(Expr a, double c) {
    return add(a, constant(c));
  }

  /** {@code a − c}. */
  public static Expr sub(Expr a, double c) {
    return sub(a, constant(c));
  }

  /** {@code c − a}. */
  public static Expr sub(double c, Expr a) {
    return sub(constant(c), a);
  }

  /** {@code c · a}. */
  public static Expr mul(double c, Expr a) {
    return mul(constant(c), a);
  }

  /** {@code a / c}. */
  public static Expr div(Expr a, double c) {
    return div(a, constant(c));
  }

  /** {@code −a}. */
  public static Expr neg(Expr a) {
    return Expr.apply(new Neg(), a);
  }

  /** The matrix product, with NumPy's rules for 1-D operands. */
  public static Expr matmul(Expr a, Expr b) {
    return Expr.apply(new MatMul(), a, b);
  }

  /** The inner product {@code Σ a ⊙ b} of two tensors of one shape. */
  public static Expr dot(Expr a, Expr b) {
    if (!a.shape().equals(b.shape())) {
      throw new ShapeMismatchException(
          "dot: shapes differ: "
              + a.shape()
              + " and "
              + b.shape()
              + " in dot("
              + PlainPrinter.brief(a)
              + ", "
              + PlainPrinter.brief(b)
              + ")");
    }
    return sum(mul(a, b));
  }

  /** The Euclidean (Frobenius) norm {@code √Σ x²}. */
  public static Expr norm(Expr x) {
    return sqrt(sum(square(x)));
  }

  // ---- elementwise functions ----

  /** {@code eˣ}. */
  public static Expr exp(Expr x) {
    return Expr.apply(new Exp(), x);
  }

  /** The natural logarithm. */
  public static Expr log(Expr x) {
    return Expr.apply(new Log(), x);
  }

  /** {@code log(1 + x)}. */
  public static Expr log1p(Expr x) {
    return Expr.apply(new Log1p(), x);
  }

  /** The square root. */
  public static Expr sqrt(Expr x) {
    return Expr.apply(new Sqrt(), x);
  }

  /** {@code x²}. */
  public static Expr square(Expr x) {
    return Expr.apply(new Square(), x);
  }

  /** {@code |x|}. */
  public static Expr abs(Expr x) {
    return Expr.apply(new Abs(), x);
  }

  /** The sign, −1, 0 or 1. */
  public static Expr sign(Expr x) {
    return Expr.apply(new Sign(), x);
  }

  /** The sine. */
  public static Expr sin(Expr x) {
    return Expr.apply(new Sin(), x);
  }

  /** The cosine. */
  public static Expr cos(Expr x) {
    return Expr.apply(new Cos(), x);
  }

  /** The hyperbolic tangent. */
  public static Expr tanh(Expr x) {
    return Expr.apply(new Tanh(), x);
  }

  /** The logistic function σ(x) = 1/(1 + e⁻ˣ). */
  public static Expr sigmoid(Expr x) {
    return Expr.apply(new Sigmoid(), x);
  }

  /** {@code max(x, 0)}. */
  public static Expr relu(Expr x) {
    return Expr.apply(new Relu(), x);
  }

  /** {@code log(1 + eˣ)}. */
  public static Expr softplus(Expr x) {
    return Expr.apply(new Softplus(), x);
  }

  /** The tangent. */
  public static Expr tan(Expr x) {
    return Expr.apply(new Tan(), x);
  }

  /** The inverse sine, on [−1, 1]. */
  public static Expr asin(Expr x) {
    return Expr.apply(new Asin(), x);
  }

  /** The inverse cosine, on [−1, 1]. */
  public static Expr acos(Expr x) {
    return Expr.apply(new Acos(), x);
  }

  /** The inverse tangent. */
  public static Expr atan(Expr x) {
    return Expr.apply(new Atan(), x);
  }

  /** The hyperbolic sine. */
  public static Expr sinh(Expr x) {
    return Expr.apply(new Sinh(), x);
  }

  /** The hyperbolic cosine. */
  public static Expr cosh(Expr x) {
    return Expr.apply(new Cosh(), x);
  }

  /** The inverse hyperbolic sine. */
  public static Expr asinh(Expr x) {
    return Expr.apply(new Asinh(), x);
  }

  /** The inverse hyperbolic cosine, for x ≥ 1. */
  public static Expr acosh(Expr x) {
    return Expr.apply(new Acosh(), x);
  }

  /** The inverse hyperbolic tangent, on (−1, 1). */
  public static Expr atanh(Expr x) {
    return Expr.apply(new Atanh(), x);
  }

  /** {@code eˣ − 1}, accurate for small x. */
  public static Expr expm1(Expr x) {
    return Expr.apply(new Expm1(), x);
  }

  /** The base-2 logarithm. */
  public static Expr log2(Expr x) {
    return Expr.apply(new Log2(), x);
  }

  /** The base-10 logarithm. */
  public static Expr log10(Expr x) {
    return Expr.apply(new Log10(), x);
  }

  /** The cube root, real for negative x. */
  public static Expr cbrt(Expr x) {
    return Expr.apply(new Cbrt(), x);
  }

  /** The error function. */
  public static Expr erf(Expr x) {
    return Expr.apply(new Erf(), x);
  }

  /** The complementary error function {@code 1 − erf(x)}. */
  public static Expr erfc(Expr x) {
    return Expr.apply(new Erfc(), x);
  }

  /** {@code log |Γ(x)|}. */
  public static Expr lgamma(Expr x) {
    return Expr.apply(new LogGamma(), x);
  }

  /** The digamma function ψ(x), the derivative of {@code lgamma}. */
  public static Expr digamma(Expr x) {
    return Expr.apply(new Digamma(), x);
  }

  /** The trigamma function ψ⁽¹⁾(x), the derivative of {@code digamma}. */
  public static Expr trigamma(Expr x) {
    return polygamma(x, 1);
  }

  /** The polygamma function ψ⁽ⁿ⁾(x), the n-th derivative of {@code digamma}, for n ≥ 1. */
  public static Expr polygamma(Expr x, int n) {
    return Expr.apply(new Polygamma(n), x);
  }

  /** The elementwise maximum, with broadcasting; ties split the gradient equally. */
  public static Expr maximum(Expr a, Expr b) {
    return Expr.apply(new Maximum(), a, b);
  }

  /** The elementwise minimum, with broadcasting; ties split the gradient equally. */
  public static Expr minimum(Expr a, Expr b) {
    return Expr.apply(new Minimum(), a, b);
  }

  /** The angle of the point (x, y), {@code atan2(y, x)}, with broadcasting. */
  public static Expr atan2(Expr y, Expr x) {
    return Expr.apply(new Atan2(), y, x);
  }

  /** {@code √(x² + y²)} without overflow, with broadcasting. */
  public static Expr hypot(Expr x, Expr y) {
    return Expr.apply(new Hypot(), x, y);
  }

  /** x limited to [lo, hi], {@code min(max(x, lo), hi)}, with broadcasting. */
  public static Expr clip(Expr x, Expr lo, Expr hi) {
    return Expr.apply(new Clip(), x, lo, hi);
  }

  /** {@code x} in value, a constant to differentiation. */
  public static Expr stopGradient(Expr x) {
    return Expr.apply(new StopGradient(), x);
  }

  // ---- comparisons and piecewise ----

  /** The mask {@code [a > b]}. */
  public static Expr gt(Expr a, Expr b) {
    return Expr.apply(new Comparison(Comparison.Kind.GT), a, b);
  }

  /** The mask {@code [a > c]}. */
  public static Expr gt(Expr a, double c) {
    return gt(a, constant(c));
  }

  /** The mask {@code [a ≥ b]}. */
  public static Expr ge(Expr a, Expr b) {
    return Expr.apply(new Comparison(Comparison.Kind.GE), a, b);
  }

  /** The mask {@code [a ≥ c]}. */
  public static Expr ge(Expr a, double c) {
    return ge(a, constant(c));
  }

  /** The mask {@code [a < b]}. */
  public static Expr lt(Expr a, Expr b) {
    return Expr.apply(new Comparison(Comparison.Kind.LT), a, b);
  }

  /** The mask {@code [a < c]}. */
  public static Expr lt(Expr a, double c) {
    return lt(a, constant(c));
  }

  /** The mask {@code [a ≤ b]}. */
  public static Expr le(Expr a, Expr b) {
    return Expr.apply(new Comparison(Comparison.Kind.LE), a, b);
  }

  /** The mask {@code [a ≤ c]}. */
  public static Expr le(Expr a, double c) {
    return le(a, constant(c));
  }

  /** The mask {@code [a = b]}. */
  public static Expr eq(Expr a, Expr b) {
    return Expr.apply(new Comparison(Comparison.Kind.EQ), a, b);
  }

  /** The mask {@code [a = c]}. */
  public static Expr eq(Expr a, double c) {
    return eq(a, constant(c));
  }

  /** {@code a} where {@code cond ≠ 0}, else {@code b}. */
  public static Expr where(Expr cond, Expr a, Expr b) {
    return Expr.apply(new Where(), cond, a, b);
  }

  // ---- losses ----

  /**
   * {@code one_hot(labels, k)}: 1 at each label's class along a new last axis of length {@code k},
   * 0 elsewhere. The labels are float64 values that must be integers in {@code 0..k-1}; they are
   * checked when the expression is evaluated. No gradient flows to them.
   *
   * @throws IllegalArgumentException unless {@code classes >= 1}
   */
  public static Expr oneHot(Expr labels, int classes) {
    return Expr.apply(new OneHot(classes), labels);
  }

  // ---- shape ----

  /** The transpose: the axes reversed (a no-op on scalars and vectors, as in NumPy). */
  public static Expr transpose(Expr x) {
    int rank = x.shape().rank();
    if (rank < 2) {
      return x;
    }
    int[] reversed = new int[rank];
    for (int i = 0; i < rank; i++) {
      reversed[i] = rank - 1 - i;
    }
    return permute(x, reversed);
  }

  /** Axis {@code i} of the result is axis {@code permutation[i]} of {@code x}. */
  public static Expr permute(Expr x, int... permutation) {
    return Expr.apply(new Transpose(ImmutableList.copyOf(Ints.asList(permutation))), x);
  }

  /** The same elements with another shape of the same size. */
  public static Expr reshape(Expr x, int... dims) {
    return Expr.apply(new Reshape(ImmutableList.copyOf(Ints.asList(dims))), x);
  }

  /** {@code x} repeated to {@code shape} by broadcasting. */
  public static Expr broadcastTo(Expr x, Shape shape) {
    return Expr.apply(new BroadcastTo(ImmutableList.copyOf(Ints.asList(shape.dims()))), x);
  }

  /** {@code x} repeated to the given dimensions by broadcasting. */
  public static Expr broadcastTo(Expr x, int... dims) {
    return broadcastTo(x, Shape.of(dims));
  }

  /**
   * The inverse of broadcasting: {@code g} summed over the axes along which {@code shape} was
   * broadcast, so the result has {@code shape}. Backprop applies it to every gradient.
   */
  public static Expr sumTo(Expr g, Shape shape) {
    Shape from = g.shape();
    if (from.equals(shape)) {
      return g;
    }
    if (!shape.broadcastsTo(from)) {
      throw new ShapeMismatchException(
          "sumTo: " + shape + " does not broadcast to " + from + " in " + PlainPrinter.brief(g));
    }
    int lead = from.rank() - shape.rank();
    List<Integer> axes = new ArrayList<>();
    for (int a = 0; a < from.rank(); a++) {
      if (a < lead || (shape.dim(a - lead) == 1 && from.dim(a) != 1)) {
        axes.add(a);
      }
    }
    return reshape(sum(g, axes), shape.dims());
  }

  /**
   * NumPy basic indexing {@code x[i, a:b, ::s]}: one {@link Index} per leading axis; axes not
   * mentioned are taken whole.
   */
  public static Expr slice(Expr x, Index... indices) {
    com.google.common.base.Preconditions.checkNotNull(x, "x");
    com.google.common.base.Preconditions.checkNotNull(indices, "indices");
    Shape shape = x.shape();
    if (indices.length > shape.rank()) {
      throw new ShapeMismatchException(
          "index: "
              + indices.length
              + " indices for shape "
              + shape
              + " of rank "
              + shape.rank()
              + " in "
              + PlainPrinter.brief(x)
              + Arrays.toString(indices));
    }
    ImmutableList.Builder<Slice.Range> ranges = ImmutableList.builder();
    for (int a = 0; a < shape.rank(); a++) {
      Index index = a < indices.length ? indices[a] : Index.all();
      try {
        ranges.add(index.resolve(a, shape.dim(a)));
      } catch (IllegalArgumentException e) {
        throw new ShapeMismatchException(
            "index: " + e.getMessage() + " in " + PlainPrinter.brief(x) + Arrays.toString(indices));
      }
    }
    return slice(x, ranges.build());
  }

  /** The element (or sub-tensor) at integer indices, e.g. {@code at(x, 0, -1)}. */
  public static Expr at(Expr x, int... indices) {
    Index[] index = new Index[indices.length];
    for (int i = 0; i < indices.length; i++) {
      index[i] = Index.at(indices[i]);
    }
    return slice(x, index);
  }

  /** Slicing with resolved ranges (see {@link Slice}). */
  public static Expr slice(Expr x, List<Slice.Range> ranges) {
    return Expr.apply(new Slice(ImmutableList.copyOf(ranges)), x);
  }

  /** Zeros of {@code shape} with {@code x} written where the slice {@code ranges} reads. */
  public static Expr pad(Expr x, Shape shape, List<Slice.Range> ranges) {
    return Expr.apply(
        new Pad(ImmutableList.copyOf(Ints.asList(shape.dims())), ImmutableList.copyOf(ranges)), x);
  }

  /** The operands joined along {@code axis} (negative counts from the end). */
  public static Expr concat(int axis, Expr... parts) {
    checkArgument(parts.length > 0, "concat needs at least one operand");
    int a = axis < 0 ? axis + parts[0].shape().rank() : axis;
    return Expr.apply(new Concat(a), parts);
  }

  // ---- reductions ----

  /** The sum of all elements. */
  public static Expr sum(Expr x) {
    return Expr.apply(new Sum(List.of()), x);
  }

  /** The sum over the given axes (negative counts from the end); the axes are dropped. */
  public static Expr sum(Expr x, int... axes) {
    return Expr.apply(new Sum(axes(x, Ints.asList(axes), "sum")), x);
  }

  /** The sum over the given axes. */
  public static Expr sum(Expr x, List<Integer> axes) {
    return Expr.apply(new Sum(axes(x, axes, "sum")), x);
  }

  /** The sum over the given axes, kept as size 1 when {@code keepDims} (NumPy's keepdims). */
  public static Expr sum(Expr x, boolean keepDims, int... axes) {
    return keep(x, sum(x, axes), keepDims, axes);
  }

  /** The mean of all elements. */
  public static Expr mean(Expr x) {
    return Expr.apply(new Mean(List.of()), x);
  }

  /** The mean over the given axes. */
  public static Expr mean(Expr x, int... axes) {
    return Expr.apply(new Mean(axes(x, Ints.asList(axes), "mean")), x);
  }

  /** The mean over the given axes, kept as size 1 when {@code keepDims}. */
  public static Expr mean(Expr x, boolean keepDims, int... axes) {
    return keep(x, mean(x, axes), keepDims, axes);
  }

  /** The largest element. */
  public static Expr max(Expr x) {
    return Expr.apply(new Max(List.of()), x);
  }

  /** The maximum over the given axes. */
  public static Expr max(Expr x, int... axes) {
    return Expr.apply(new Max(axes(x, Ints.asList(axes), "max")), x);
  }

  /** The smallest element. */
  public static Expr min(Expr x) {
    return Expr.apply(new Min(List.of()), x);
  }

  /** The minimum over the given axes. */
  public static Expr min(Expr x, int... axes) {
    return Expr.apply(new Min(axes(x, Ints.asList(axes), "min")), x);
  }

  /** {@code log Σ exp(x)} over all elements. */
  public static Expr logsumexp(Expr x) {
    return Expr.apply(new LogSumExp(List.of()), x);
  }

  /** {@code log Σ exp(x)} along one axis. */
  public static Expr logsumexp(Expr x, int axis) {
    return Expr.apply(new LogSumExp(axes(x, List.of(axis), "logsumexp")), x);
  }

  /** The softmax along the last axis, as {@code softmax(x)} in the expression language. */
  public static Expr softmax(Expr x) {
    return softmax(x, -1);
  }

  /** The log-softmax along the last axis, as {@code log_softmax(x)} in the language. */
  public static Expr logSoftmax(Expr x) {
    return logSoftmax(x, -1);
  }

  /** The softmax along one axis (negative counts from the end). */
  public static Expr softmax(Expr x, int axis) {
    return Expr.apply(new Softmax(normalizeAxis(x, axis, "softmax")), x);
  }

  /** The log-softmax along one axis. */
  public static Expr logSoftmax(Expr x, int axis) {
    return Expr.apply(new LogSoftmax(normalizeAxis(x, axis, "log_softmax")), x);
  }

  // ---- reductions and indexing ----

  /** The product of all elements (1 for none); its gradient is right where elements are zero. */
  public static Expr prod(Expr x) {
    return Expr.apply(new Prod(List.of()), x);
  }

  /** The product over the given axes (negative counts from the end); the axes are dropped. */
  public static Expr prod(Expr x, int... axes) {
    return Expr.apply(new Prod(axes(x, Ints.asList(axes), "prod")), x);
  }

  /** The cumulative sum along one axis (negative counts from the end), as NumPy's. */
  public static Expr cumsum(Expr x, int axis) {
    return Expr.apply(new CumSum(normalizeAxis(x, axis, "cumsum")), x);
  }

  /**
   * The entrywise p-norm over the given axes, all when none are given: {@code p = 1} is {@code
   * Σ|x|}, {@code p = 2} is {@code √Σx²} (Frobenius for a matrix), {@code p = ∞} ({@code
   * Double.POSITIVE_INFINITY}) is {@code max|x|}. It is the vector norm of PyTorch's {@code
   * linalg.vector_norm}, also for a matrix: {@code norm(A, 1)} is {@code Σ|aᵢⱼ|}, not NumPy's
   * induced matrix norm. Built from {@code sum}, {@code abs}, {@code max} and {@code sqrt}, so its
   * derivatives are theirs (the 2-norm's gradient divides by the norm: not finite at 0).
   *
   * @throws IllegalArgumentException when p is not 1, 2 or ∞
   */
  public static Expr norm(Expr x, double p, int... axes) {
    if (p == 1) {
      return sum(abs(x), axes);
    }
    if (p == 2) {
      return sqrt(sum(square(x), axes));
    }
    if (p == Double.POSITIVE_INFINITY) {
      return max(abs(x), axes);
    }
    throw new IllegalArgumentException(
        "norm: p must be 1, 2 or ∞ (written 1/0 in the language), not " + Tensor.formatNumber(p));
  }

  /** The variance over all elements with divisor n (NumPy's default, {@code ddof = 0}). */
  public static Expr variance(Expr x) {
    return variance(x, List.of(), 0);
  }

  /** The variance over the given axes with divisor n (NumPy's default, {@code ddof = 0}). */
  public static Expr variance(Expr x, int... axes) {
    return variance(x, Ints.asList(axes), 0);
  }

  /**
   * The variance over the given axes (all when empty), {@code Σ(x − mean)² / (n − ddof)} with n the
   * number of elements per result, as NumPy's {@code var(x, axis, ddof=ddof)}: {@code ddof = 1} is
   * the unbiased sample variance. Built from {@code mean}, {@code sum} and {@code square}, so its
   * derivatives are theirs: {@code 2(x − mean) / (n − ddof)}.
   *
   * @throws IllegalArgumentException when {@code ddof} is negative or leaves no degrees of freedom
   *     ({@code n − ddof ≤ 0})
   */
  public static Expr variance(Expr x, List<Integer> axes, int ddof) {
    int[] ax = Ints.toArray(axes);
    List<Integer> resolved = axes(x, axes, "var");
    int n = 1;
    for (int a = 0; a < x.shape().rank(); a++) {
      n *= resolved.isEmpty() || resolved.contains(a) ? x.shape().dim(a) : 1;
    }
    if (ddof < 0 || n - ddof <= 0) {
      throw new IllegalArgumentException(
          "var: ddof "
              + ddof
              + " must be at least 0 and less than the "
              + n
              + " elements each result is taken over");
    }
    Expr centred = sub(x, mean(x, true, ax));
    return div(sum(square(centred), ax), constant(n - ddof));
  }

  /** The standard deviation over all elements, {@code √var(x)} with divisor n. */
  public static Expr std(Expr x) {
    return sqrt(variance(x));
  }

  /** The standard deviation over the given axes with divisor n (NumPy's default). */
  public static Expr std(Expr x, int... axes) {
    return sqrt(variance(x, axes));
  }

  /**
   * The standard deviation {@code √var(x, axes, ddof)}, as NumPy's {@code std(x, axis, ddof=ddof)};
   * its gradient divides by it, so it is not finite where x is constant along the axes.
   */
  public static Expr std(Expr x, List<Integer> axes, int ddof) {
    return sqrt(variance(x, axes, ddof));
  }

  /**
   * Take-along-axis, as NumPy's {@code take_along_axis(x, idx, axis)}: {@code out[..., j, ...] =
   * x[..., idx[..., j, ...], ...]}. {@code idx} holds integers as float64 values (a constant or a
   * bound variable), has x's rank and x's dimensions except along the axis, and is checked when
   * evaluated; no gradient flows into it. The gradient with respect to x is a scatter-add.
   */
  public static Expr gather(Expr x, Expr idx, int axis) {
    return Expr.apply(new Gather(normalizeAxis(x, axis, "gather")), x, idx);
  }

  /**
   * The slices of x at the indices of the vector {@code idx} along the axis, as PyTorch's {@code
   * index_select(x, axis, idx)}: with x an embedding table and axis 0, the embedding lookup. The
   * indices are checked when evaluated and receive no gradient; the gradient with respect to x adds
   * each slice of g to the slice it came from, so repeated indices accumulate.
   */
  public static Expr indexSelect(Expr x, Expr idx, int axis) {
    return Expr.apply(new IndexSelect(normalizeAxis(x, axis, "index_select")), x, idx);
  }

  /**
   * The adjoint of {@link #gather}: zeros of g's shape with the axis resized to {@code size}, and
   * each {@code g[..., j, ...]} added at {@code [..., idx[..., j, ...], ...]}, as PyTorch's {@code
   * scatter_add}; repeated indices accumulate.
   */
  public static Expr scatterAdd(Expr g, Expr idx, int axis, int size) {
    return Expr.apply(new ScatterAdd(normalizeAxis(g, axis, "scatter_add"), size), g, idx);
  }

  // ---- linear algebra (on the last two axes; batched over the leading ones) ----

  /** The inverse {@code X⁻¹} of a square matrix (NaN where it is singular). */
  public static Expr inv(Expr x) {
    return Expr.apply(new Inv(), x);
  }

  /** The determinant of a square matrix. */
  public static Expr det(Expr x) {
    return Expr.apply(new Det(), x);
  }

  /** {@code log |det X|} of a square matrix, via LU (−∞ where it is singular). */
  public static Expr logdet(Expr x) {
    return Expr.apply(new LogDet(), x);
  }

  /**
   * The solution X of {@code A·X = B}, for a vector or a matrix of right-hand sides B (NaN where A
   * is singular).
   */
  public static Expr solve(Expr a, Expr b) {
    return Expr.apply(new Solve(), a, b);
  }

  /** The trace {@code tr(X)} of a square matrix. */
  public static Expr trace(Expr x) {
    return Expr.apply(new Trace(), x);
  }

  /** Of a vector, the diagonal matrix; of a square matrix, its diagonal. */
  public static Expr diag(Expr x) {
    return Expr.apply(new Diag(), x);
  }

  /** The {@code n×n} identity matrix {@code I}. */
  public static Expr eye(int n) {
    return Expr.apply(new Eye(n));
  }

  /** The outer product {@code a·bᵀ} of two vectors. */
  public static Expr outer(Expr a, Expr b) {
    return Expr.apply(new Outer(), a, b);
  }

  /**
   * The lower-triangular Cholesky factor L of {@code (A + Aᵀ)/2 = L·Lᵀ} (NaN where that is not
   * positive definite).
   */
  public static Expr cholesky(Expr a) {
    return Expr.apply(new Cholesky(), a);
  }

  private static Expr keep(Expr x, Expr reduced, boolean keepDims, int... axes) {
    if (!keepDims) {
      return reduced;
    }
    List<Integer> resolved = axes(x, Ints.asList(axes), "keepdims");
    int[] kept = x.shape().dims();
    for (int a = 0; a < kept.length; a++) {
      if (resolved.isEmpty() || resolved.contains(a)) {
        kept[a] = 1;
      }
    }
    return reshape(reduced, kept);
  }

  private static int normalizeAxis(Expr x, int axis, String op) {
    return normalizeAxis(x, axis, op, List.of(axis));
  }

  /** {@code axis} in {@code 0..rank-1}; the message quotes {@code op(x, axes...)}. */
  private static int normalizeAxis(Expr x, int axis, String op, List<Integer> axes) {
    int rank = x.shape().rank();
    int a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new ShapeMismatchException(
          op
              + ": axis "
              + axis
              + " is out of range for shape "
              + x.shape()
              + " in "
              + call(op, x, axes));
    }
    return a;
  }

  private static String call(String op, Expr x, List<Integer> axes) {
    StringBuilder sb = new StringBuilder(op).append('(').append(PlainPrinter.brief(x));
    axes.forEach(a -> sb.append(", ").append(a));
    return sb.append(')').toString();
  }

  /** Sorted, distinct, non-negative axes; empty when they cover every axis. */
  private static List<Integer> axes(Expr x, List<Integer> axes, String op) {
    TreeSet<Integer> sorted = new TreeSet<>();
    for (int axis : axes) {
      if (!sorted.add(normalizeAxis(x, axis, op, axes))) {
        throw new ShapeMismatchException(
            op + ": axis " + axis + " is repeated in " + call(op, x, axes));
      }
    }
    return sorted.size() == x.shape().rank() ? List.of() : List.copyOf(sorted);
  }
}
