package dev.adjoint.autodiff.fuzz;

import static dev.adjoint.autodiff.Exprs.add;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.div;
import static dev.adjoint.autodiff.Exprs.exp;
import static dev.adjoint.autodiff.Exprs.log;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.neg;
import static dev.adjoint.autodiff.Exprs.pow;
import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.softplus;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.sub;
import static dev.adjoint.autodiff.Exprs.sum;
import static dev.adjoint.autodiff.Exprs.tanh;

import com.google.common.primitives.Ints;
import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Index;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.op.Slice;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A seeded generator of random, well-typed expressions over every op, for differential tests.
 *
 * <p><b>Shapes</b> are drawn so that a wrong axis still type-checks: one common dimension {@code n}
 * per expression, square and cubic tensors, {@code [n×1]} and {@code [1×n]}, vectors and scalars
 * that broadcast against them, a few non-square matrices and, rarely, zero-size tensors.
 *
 * <p><b>Values</b> stay inside each op's domain: every node carries sound {@link Interval} bounds,
 * and an operand that might leave the domain is wrapped in a guard first ({@code log(softplus(x) +
 * 0.1)}, {@code x / (x² + 0.5)}, {@code exp(2·tanh(x))}). Variables are bound to values in [−2, 2]
 * with three decimals, so a failing point can be typed back in.
 *
 * <p>Besides random op applications the generator writes the shapes the simplifier's rules look for
 * ({@code exp(x − logsumexp(x, a))} broadcast back along either axis, {@code log(σ(x))}, {@code x −
 * x}, {@code (A·B)ᵀ}, …), so every rule fires often.
 */
final class ExpressionGenerator {
  /** The bound on variables' values. */
  static final double RANGE = 2;

  /** Operands larger than this are squashed first, so values and derivatives stay moderate. */
  private static final double LARGE = 30;

  private final Random random;
  private final List<Expr> pool = new ArrayList<>();
  private final Map<Expr, Interval> bounds = new IdentityHashMap<>();
  private final List<Variable> variables = new ArrayList<>();
  private final List<Supplier<Expr>> moves = new ArrayList<>();
  private int n;
  private boolean zeroSize;

  ExpressionGenerator(long seed) {
    this.random = new Random(seed);
    registerMoves();
  }

  /** A case of about {@code steps} op applications, with its point, from this generator's seed. */
  FuzzCase next(long seed, int steps) {
    pool.clear();
    bounds.clear();
    variables.clear();
    n = random.nextInt(4) == 0 ? 2 : 3;
    zeroSize = random.nextInt(25) == 0;
    int leaves = 1 + random.nextInt(3);
    for (int i = 0; i < leaves; i++) {
      pool.add(newVariable(randomShape()));
    }
    Expr last = pool.get(pool.size() - 1);
    for (int step = 0; step < steps; step++) {
      for (int attempt = 0; attempt < 20; attempt++) {
        try {
          Expr e = moves.get(random.nextInt(moves.size())).get();
          if (bounds(e).magnitude() > 1e6) {
            continue; // keep values moderate; try another move
          }
          pool.add(e);
          last = e;
          break;
        } catch (IllegalArgumentException e) {
          // the shapes did not fit (ShapeMismatchException is one): try another move
        }
      }
    }
    Bindings point = Bindings.of();
    for (Variable v : variables) {
      point = point.with(v, values(v.shape(), RANGE));
    }
    point = point.with(FuzzCase.WEIGHTS, values(last.shape(), 1));
    return new FuzzCase(seed, last, point);
  }

  /** Values uniform in [−range, range], rounded to three decimals. */
  private Tensor values(Shape shape, double range) {
    double[] data = new double[shape.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = Math.round((random.nextDouble() * 2 - 1) * range * 1000) / 1000.0;
    }
    return Tensor.of(shape, data);
  }

  // ---- shapes and leaves ----

  private Shape randomShape() {
    int m = n + 1;
    return switch (random.nextInt(22)) {
      case 0, 1 -> Shape.scalar();
      case 2, 3, 4 -> Shape.of(n);
      case 5 -> Shape.of(1);
      case 6 -> Shape.of(1, n);
      case 7 -> Shape.of(n, 1);
      case 8, 9, 10, 11 -> Shape.of(n, n);
      case 12, 13, 14 -> Shape.of(n, n, n);
      case 15 -> Shape.of(n, 1, n);
      case 16 -> Shape.of(m, n);
      case 17 -> Shape.of(n, m);
      case 18 -> Shape.of(1, n, n);
      case 19 -> zeroSize ? Shape.of(0) : Shape.of(n, n);
      case 20 -> zeroSize ? Shape.of(n, 0) : Shape.of(n, n, n);
      default -> zeroSize ? Shape.of(0, n) : Shape.of(n);
    };
  }

  private Variable newVariable(Shape shape) {
    for (Variable v : variables) {
      if (v.shape().equals(shape) && random.nextInt(3) == 0) {
        return v; // the same variable again: shared subexpressions
      }
    }
    Variable v = Variable.of("x" + (variables.size() + 1), shape.dims());
    variables.add(v);
    return v;
  }

  private Expr newConstant(Shape shape) {
    return switch (random.nextInt(6)) {
      case 0 -> Constant.zeros(shape);
      case 1 -> Constant.ones(shape);
      case 2 -> Constant.of(Tensor.full(shape, pick(2, -1, 0.5, 3)));
      default -> Constant.of(values(shape, 2));
    };
  }

  private double pick(double... choices) {
    return choices[random.nextInt(choices.length)];
  }

  /** A pool member, favouring recent ones so expressions grow deep. */
  private Expr any() {
    int size = pool.size();
    return random.nextInt(3) == 0
        ? pool.get(random.nextInt(size))
        : pool.get(size - 1 - random.nextInt(Math.min(size, 3)));
  }

  private Expr anyOfRank(int min, int max) {
    for (int i = 0; i < 10; i++) {
      Expr e = any();
      int r = e.shape().rank();
      if (r >= min && r <= max) {
        return e;
      }
    }
    return newVariable(min <= 2 && max >= 2 ? Shape.of(n, n) : Shape.of(n, n, n));
  }

  /** An operand of exactly {@code shape}: from the pool, a new variable, or a constant. */
  private Expr ofShape(Shape shape) {
    List<Expr> fits = new ArrayList<>();
    for (Expr e : pool) {
      if (e.shape().equals(shape)) {
        fits.add(e);
      }
    }
    int r = random.nextInt(10);
    if (r < 5 && !fits.isEmpty()) {
      return fits.get(random.nextInt(fits.size()));
    }
    return r < 8 ? newVariable(shape) : newConstant(shape);
  }

  /**
   * A partner for an elementwise op with {@code x}: mostly {@code x}'s shape, else one that
   * broadcasts against it (a scalar, a trailing vector, size-1 axes, or a column against a row).
   */
  private Expr partner(Expr x) {
    int[] dims = x.shape().dims();
    int rank = dims.length;
    Shape shape =
        switch (random.nextInt(10)) {
          case 0 -> Shape.scalar();
          case 1 -> rank == 0 ? Shape.scalar() : Shape.of(dims[rank - 1]);
          case 2 -> {
            int[] ones = dims.clone();
            for (int a = 0; a < rank; a++) {
              if (random.nextBoolean()) {
                ones[a] = 1;
              }
            }
            yield Shape.of(ones);
          }
          case 3 -> rank == 1 ? Shape.of(dims[0], 1) : x.shape();
          default -> x.shape();
        };
    return ofShape(shape);
  }

  // ---- guards: keep operands inside the ops' domains ----

  Interval bounds(Expr e) {
    Interval known = bounds.get(e);
    if (known != null) {
      return known;
    }
    for (Expr node : Graph.topologicalOrder(List.of(e))) {
      if (bounds.containsKey(node)) {
        continue;
      }
      Interval b;
      if (node instanceof Variable v) {
        b = Interval.of(-RANGE, RANGE);
      } else {
        List<Interval> in = new ArrayList<>();
        for (Expr input : node.inputs()) {
          in.add(bounds.get(input));
        }
        b = Interval.derive(node, in);
      }
      bounds.put(node, b);
    }
    return bounds.get(e);
  }

  /** {@code x} itself when moderate, else squashed into [−3, 3]. */
  private Expr moderate(Expr x) {
    return bounds(x).magnitude() <= LARGE ? x : mul(constant(3), tanh(x));
  }

  /** {@code x} when every element is at least 0.1 and moderate, else a positive function of it. */
  private Expr positive(Expr x) {
    Interval b = bounds(x);
    if (b.atLeast(0.1) && b.hi() <= LARGE && random.nextInt(4) != 0) {
      return x;
    }
    Expr m = moderate(x);
    return switch (random.nextInt(5)) {
      case 0 -> add(softplus(m), constant(0.1));
      case 1 -> exp(tanh(m));
      case 2 -> add(square(tanh(m)), constant(0.25));
      case 3 -> add(sigmoid(m), constant(0.2));
      default -> add(constant(1), square(tanh(m)));
    };
  }

  /** {@code x} when at least 0.2 away from zero, else a function of it that is. */
  private Expr awayFromZero(Expr x) {
    if (bounds(x).awayFromZero(0.2) && bounds(x).magnitude() <= LARGE) {
      return x;
    }
    return random.nextBoolean() ? positive(x) : neg(positive(x));
  }

  /** {@code x} when at most {@code m} in magnitude, else squashed. */
  private Expr bounded(Expr x, double m) {
    if (bounds(x).magnitude() <= m) {
      return x;
    }
    double magnitude = bounds(x).magnitude();
    // sin(x) itself would oscillate too fast for finite differences when x is large
    return random.nextBoolean() || Double.isInfinite(magnitude)
        ? mul(constant(m), tanh(x))
        : mul(constant(m), Exprs.sin(mul(constant(1 / magnitude), x)));
  }

  // ---- moves ----

  private void registerMoves() {
    move(3, () -> unary(any()));
    move(1, () -> function(any()));
    move(1, () -> binaryFunction(any()));
    move(4, () -> binary(any()));
    move(2, this::matmul);
    move(1, this::piecewise);
    move(2, () -> shapeOp(any()));
    move(2, () -> reduction(any()));
    move(1, () -> normalization(any()));
    move(2, () -> reductionOrIndexing(any()));
    move(3, this::pattern);
    move(2, this::linearAlgebra);
    move(1, () -> classes(any()));
  }

  private void move(int weight, Supplier<Expr> move) {
    for (int i = 0; i < weight; i++) {
      moves.add(move);
    }
  }

  private Expr unary(Expr x) {
    return switch (random.nextInt(17)) {
      case 0 -> neg(x);
      case 1 -> exp(bounded(x, 3));
      case 2 -> log(positive(x));
      case 3 -> Exprs.log1p(bounds(x).atLeast(-0.5) ? moderate(x) : positive(x));
      case 4 -> Exprs.sqrt(positive(x));
      case 5 -> square(moderate(x));
      case 6 -> Exprs.abs(x);
      case 7 -> Exprs.sign(x);
      case 8 -> Exprs.sin(bounded(x, 4)); // faster oscillation defeats finite differences
      case 9 -> Exprs.cos(bounded(x, 4));
      case 10 -> tanh(x);
      case 11 -> sigmoid(x);
      case 12 -> Exprs.relu(x);
      case 13 -> softplus(moderate(x));
      case 14 -> Exprs.stopGradient(x);
      case 15 -> Exprs.norm(awayFromZero(x));
      default -> Exprs.dot(moderate(x), moderate(ofShape(x.shape())));
    };
  }

  /** The elementwise functions of issue 11, each with its argument inside its domain. */
  private Expr function(Expr x) {
    return switch (random.nextInt(18)) {
      case 0 -> Exprs.tan(bounded(x, 1.2)); // inside the branch, away from the poles at ±π/2
      case 1 -> Exprs.asin(inside(x, 0.9));
      case 2 -> Exprs.acos(inside(x, 0.9));
      case 3 -> Exprs.atan(x);
      case 4 -> Exprs.sinh(bounded(x, 3));
      case 5 -> Exprs.cosh(bounded(x, 3));
      case 6 -> Exprs.asinh(x);
      case 7 -> Exprs.acosh(add(constant(1.1), positive(x)));
      case 8 -> Exprs.atanh(inside(x, 0.9));
      case 9 -> Exprs.expm1(bounded(x, 3));
      case 10 -> Exprs.log2(positive(x));
      case 11 -> Exprs.log10(positive(x));
      case 12 -> Exprs.cbrt(awayFromZero(x));
      case 13 -> Exprs.erf(moderate(x));
      case 14 -> Exprs.erfc(moderate(x));
      case 15 -> Exprs.lgamma(add(positive(x), constant(0.4)));
      case 16 -> Exprs.digamma(add(positive(x), constant(0.4)));
      default -> Exprs.trigamma(add(positive(x), constant(0.4)));
    };
  }

  /** The elementwise functions of two and three operands of issue 11. */
  private Expr binaryFunction(Expr x) {
    Expr y = partner(x);
    boolean swap = random.nextBoolean();
    Expr a = swap ? y : x;
    Expr b = swap ? x : y;
    return switch (random.nextInt(5)) {
      case 0 -> Exprs.maximum(a, b);
      case 1 -> Exprs.minimum(a, b);
      // y may cross 0 only where x > 0: atan2 jumps by 2π across the negative x axis
      case 2 -> Exprs.atan2(moderate(a), positive(b));
      case 3 -> Exprs.hypot(awayFromZero(a), b);
      default -> Exprs.clip(a, neg(positive(b)), positive(partner(x)));
    };
  }

  /** {@code x} when inside (−m, m), else m·tanh(x). */
  private Expr inside(Expr x, double m) {
    return bounds(x).magnitude() <= m ? x : mul(constant(m), tanh(x));
  }

  private Expr binary(Expr x) {
    Expr y = partner(x);
    boolean swap = random.nextBoolean();
    Expr a = swap ? y : x;
    Expr b = swap ? x : y;
    return switch (random.nextInt(9)) {
      case 0, 1 -> add(a, b);
      case 2, 3 -> sub(a, b);
      case 4, 5 -> mul(moderate(a), moderate(b));
      case 6 -> div(moderate(a), awayFromZero(b));
      case 7 -> power(x);
      default -> pow(positive(a), bounded(b, 1.5));
    };
  }

  /** {@code x^k} for a constant {@code k}, with the base in the exponent's domain. */
  private Expr power(Expr x) {
    double k = pick(2, 3, 0, 1, -1, 0.5, 1.5, -2);
    Expr base =
        k == Math.rint(k) ? (k < 0 ? awayFromZero(bounded(x, 3)) : bounded(x, 3)) : positive(x);
    Expr exponent =
        random.nextInt(4) == 0 ? Constant.of(Tensor.full(partner(x).shape(), k)) : constant(k);
    return pow(base, exponent);
  }

  /** A matrix product of every supported rank combination: [n]·[n], [m×n]·[n], [n]·[n×p], …. */
  private Expr matmul() {
    Expr x = moderate(anyOfRank(1, 2));
    int k = x.shape().dim(-1);
    int p = pick(n, n, 1, n + 1) == 1 ? 1 : n;
    boolean left = random.nextBoolean();
    if (left) {
      Expr y = moderate(ofShape(random.nextInt(3) == 0 ? Shape.of(k) : Shape.of(k, p)));
      return Exprs.matmul(x, y);
    }
    int k0 = x.shape().dim(0);
    Expr y = moderate(ofShape(random.nextInt(3) == 0 ? Shape.of(k0) : Shape.of(p, k0)));
    return Exprs.matmul(y, x);
  }

  /**
   * The linear-algebra ops on an n×n matrix or an n×n×n batch (square, so a transposition bug
   * type-checks). Matrices to invert, solve with or factor are {@code M = B + (n+1)·I} with every
   * element of B in [−1, 1]: strictly diagonally dominant by a margin of at least 1 in each row, so
   * (Varah) ‖M⁻¹‖∞ ≤ 1, 1 ≤ det M ≤ (2n+1)ⁿ (Ostrowski, Hadamard), and the symmetric part has
   * eigenvalues at least 1 (Gershgorin). Those bounds are recorded for the results, whose
   * elementwise bounds could not be derived from their operands'.
   */
  private Expr linearAlgebra() {
    Expr x = anyOfRank(2, 3);
    if (x.shape().dim(-1) != n || x.shape().dim(-2) != n) {
      x = ofShape(random.nextBoolean() ? Shape.of(n, n) : Shape.of(n, n, n));
    }
    Expr m = add(bounded(x, 1), mul(constant(n + 1), Exprs.eye(n)));
    int[] vector = java.util.Arrays.copyOf(x.shape().dims(), x.shape().rank() - 1);
    double growth = Math.pow(2 * n + 1, n);
    return switch (random.nextInt(11)) {
      case 10 -> {
        // the identity in a product, as the gradient of a trace brings it
        Expr a = moderate(ofShape(Shape.of(n, n)));
        yield random.nextBoolean() ? Exprs.matmul(Exprs.eye(n), a) : Exprs.matmul(a, Exprs.eye(n));
      }
      case 0 -> withBounds(Exprs.inv(m), Interval.of(-1, 1));
      case 1 -> withBounds(Exprs.det(m), Interval.of(1, growth));
      case 2 -> withBounds(Exprs.logdet(m), Interval.of(0, Math.log(growth)));
      case 3, 4 -> {
        Expr b = moderate(ofShape(random.nextBoolean() ? x.shape() : Shape.of(vector)));
        double bound = bounds(b).magnitude();
        yield withBounds(Exprs.solve(m, b), Interval.of(-bound, bound));
      }
      case 5 -> Exprs.trace(moderate(x));
      case 6 -> Exprs.diag(random.nextBoolean() ? x : ofShape(Shape.of(n)));
      case 7 -> {
        int[] other = vector.clone();
        other[other.length - 1] = random.nextBoolean() ? n : n + 1;
        yield Exprs.outer(moderate(ofShape(Shape.of(vector))), moderate(ofShape(Shape.of(other))));
      }
      default -> {
        double bound = Math.sqrt(n + 2);
        yield withBounds(Exprs.cholesky(m), Interval.of(-bound, bound));
      }
    };
  }

  /** {@code e}, with bounds known from how its operands were built. */
  private Expr withBounds(Expr e, Interval known) {
    for (Expr input : e.inputs()) {
      bounds(input);
    }
    bounds.put(e, known);
    return e;
  }

  /** Comparisons and {@code where}: masks, and piecewise functions built from them. */
  private Expr piecewise() {
    Expr x = any();
    Expr y = partner(x);
    Expr mask =
        switch (random.nextInt(5)) {
          case 0 -> Exprs.gt(x, y);
          case 1 -> Exprs.ge(x, y);
          case 2 -> Exprs.lt(x, y);
          case 3 -> Exprs.le(x, y);
          default -> Exprs.eq(x, random.nextBoolean() ? y : x);
        };
    return switch (random.nextInt(3)) {
      case 0 -> mul(mask, moderate(partner(mask)));
      case 1 -> mask;
      default -> Exprs.where(mask, partner(mask), partner(mask));
    };
  }

  /**
   * Class labels from {@code x} and what losses do with them: labels are a sum of masks ({@code
   * gt(x, t₁) + gt(x, t₂)}), so they are integers in {@code 0..k−1} at every point, also where
   * finite differences move {@code x}; then {@code one_hot} of them times an operand, summed over
   * the class axis, or in a softmax cross-entropy.
   */
  private Expr classes(Expr x) {
    int k = n;
    Expr labels = Exprs.gt(x, constant(pick(-0.5, 0, 0.3)));
    for (int c = 2; c < k; c++) {
      labels = add(labels, Exprs.gt(x, constant(pick(0.7, 1.1))));
    }
    Expr oneHot = Exprs.oneHot(labels, k);
    int classAxis = oneHot.shape().rank() - 1;
    return switch (random.nextInt(4)) {
      case 0 -> Exprs.sum(oneHot, classAxis);
      case 1 -> {
        Expr z = moderate(ofShape(oneHot.shape()));
        yield sub(Exprs.logsumexp(z, classAxis), Exprs.sum(mul(oneHot, z), classAxis));
      }
      default -> mul(oneHot, moderate(partner(oneHot)));
    };
  }

  private Expr shapeOp(Expr x) {
    int rank = x.shape().rank();
    return switch (random.nextInt(9)) {
      case 0 -> Exprs.transpose(x);
      case 1 -> rank >= 2 ? Exprs.permute(x, permutation(rank)) : Exprs.transpose(x);
      case 2 -> Exprs.reshape(x, factorization(x.shape().size()));
      case 3 -> broadcast(x);
      case 4, 5 -> rank == 0 ? Exprs.reshape(x, 1) : slice(x);
      case 6 -> rank == 0 ? Exprs.reshape(x, 1, 1) : pad(x);
      default -> rank == 0 ? Exprs.reshape(x, 1) : concat(x);
    };
  }

  private int[] permutation(int rank) {
    List<Integer> axes = new ArrayList<>();
    for (int a = 0; a < rank; a++) {
      axes.add(a);
    }
    Collections.shuffle(axes, random);
    return Ints.toArray(axes);
  }

  /** Dimensions with the given product, favouring ones that look like other shapes of the pool. */
  private int[] factorization(int size) {
    List<int[]> choices = new ArrayList<>();
    choices.add(new int[] {size});
    choices.add(new int[] {1, size});
    choices.add(new int[] {size, 1});
    if (size == 1) {
      choices.add(new int[] {});
    }
    for (int a = 2; a <= size; a++) {
      if (size % a == 0) {
        choices.add(new int[] {a, size / a});
        int rest = size / a;
        for (int b = 2; b <= rest; b++) {
          if (rest % b == 0) {
            choices.add(new int[] {a, b, rest / b});
          }
        }
      }
    }
    return choices.get(random.nextInt(choices.size()));
  }

  /** A new leading axis of size n, or size-1 axes expanded to n. */
  private Expr broadcast(Expr x) {
    int[] dims = x.shape().dims();
    boolean lead = random.nextBoolean() || dims.length == 0;
    int[] to = new int[dims.length + (lead ? 1 : 0)];
    int offset = lead ? 1 : 0;
    if (lead) {
      to[0] = n;
    }
    for (int i = 0; i < dims.length; i++) {
      to[i + offset] = dims[i] == 1 && random.nextBoolean() ? n : dims[i];
    }
    return Exprs.broadcastTo(x, to);
  }

  private Expr slice(Expr x) {
    int rank = x.shape().rank();
    int count = 1 + random.nextInt(rank);
    Index[] indices = new Index[count];
    for (int a = 0; a < count; a++) {
      int dim = x.shape().dim(a);
      if (dim == 0) {
        indices[a] = Index.all();
        continue;
      }
      indices[a] =
          switch (random.nextInt(5)) {
            case 0 -> Index.at(random.nextInt(dim) - (random.nextBoolean() ? dim : 0));
            case 1 -> Index.range(random.nextInt(dim), dim - random.nextInt(dim));
            case 2 -> Index.range(null, null, random.nextBoolean() ? 2 : -1);
            case 3 -> Index.all();
            default ->
                Index.range(
                    random.nextBoolean() ? null : random.nextInt(dim) - dim,
                    random.nextBoolean() ? null : random.nextInt(dim),
                    random.nextBoolean() ? -2 : 1);
          };
    }
    return Exprs.slice(x, indices);
  }

  private Expr pad(Expr x) {
    int rank = x.shape().rank();
    int[] full = new int[rank];
    List<Slice.Range> ranges = new ArrayList<>();
    for (int a = 0; a < rank; a++) {
      int d = x.shape().dim(a);
      int step = random.nextInt(3) == 0 ? 2 : 1;
      int start = random.nextInt(2);
      full[a] = start + Math.max(0, d - 1) * step + 1 + random.nextInt(2);
      ranges.add(new Slice.Range(d == 0 ? 0 : start, d, step, false));
    }
    return Exprs.pad(x, Shape.of(full), ranges);
  }

  private Expr concat(Expr x) {
    int rank = x.shape().rank();
    int axis = random.nextInt(rank);
    int[] dims = x.shape().dims();
    dims[axis] = 1 + random.nextInt(n);
    Expr other = random.nextBoolean() ? x : ofShape(Shape.of(dims));
    int written = random.nextBoolean() ? axis : axis - rank;
    return random.nextBoolean()
        ? Exprs.concat(written, x, other)
        : Exprs.concat(written, other, x, moderate(x));
  }

  /** Sums, means, maxima, minima and logsumexp over random axes, with and without keepdims. */
  private Expr reduction(Expr x) {
    int rank = x.shape().rank();
    List<Integer> axes = new ArrayList<>();
    for (int a = 0; a < rank; a++) {
      if (random.nextBoolean()) {
        axes.add(random.nextBoolean() ? a : a - rank);
      }
    }
    int[] ax = Ints.toArray(axes);
    boolean all = ax.length == 0;
    boolean keep = random.nextInt(3) == 0;
    boolean empty = x.shape().size() == 0;
    return switch (random.nextInt(6)) {
      case 0, 1 -> all ? sum(x) : Exprs.sum(x, keep, ax);
      case 2 -> empty ? sum(x) : all ? Exprs.mean(x) : Exprs.mean(x, keep, ax);
      case 3 -> empty ? sum(x) : all ? Exprs.max(x) : Exprs.max(x, ax);
      case 4 -> empty ? sum(x) : all ? Exprs.min(x) : Exprs.min(x, ax);
      default ->
          empty
              ? sum(x)
              : rank == 0 || all
                  ? Exprs.logsumexp(moderate(x))
                  : Exprs.logsumexp(moderate(x), ax[0]);
    };
  }

  /**
   * {@code prod}, {@code cumsum}, the three norms, {@code var}/{@code std}, and {@code gather},
   * {@code index_select} and {@code scatter_add} with constant integer indices (negative ones and
   * repeats included), along random axes of the pool's square and cubic shapes.
   */
  private Expr reductionOrIndexing(Expr x) {
    int rank = x.shape().rank();
    if (rank == 0 || x.shape().size() == 0) {
      return rank == 0 ? Exprs.reshape(x, 1) : sum(x);
    }
    int[] axes = randomAxes(rank);
    int axis = axisOf(x);
    int a = axis < 0 ? axis + rank : axis;
    int dim = x.shape().dim(a);
    return switch (random.nextInt(9)) {
      case 0 -> Exprs.prod(bounded(x, 1.3), axes); // 1.3^27 stays below 10^4
      case 1 -> Exprs.cumsum(x, axis);
      case 2 -> Exprs.norm(awayFromZero(x), pick(1, 2, Double.POSITIVE_INFINITY), axes);
      case 3 -> Exprs.variance(x, Ints.asList(axes), ddof(x.shape(), axes));
      case 4 -> std(x, axes);
      case 5, 6 -> {
        int[] dims = x.shape().dims();
        dims[a] = 1 + random.nextInt(n + 1);
        yield Exprs.gather(x, indices(Shape.of(dims), dim), axis);
      }
      case 7 -> Exprs.indexSelect(x, indices(Shape.of(1 + random.nextInt(n + 1)), dim), axis);
      default -> Exprs.scatterAdd(x, indices(x.shape(), dim + 1), axis, dim + 1);
    };
  }

  /** Random axes, some negative; none means all. */
  private int[] randomAxes(int rank) {
    List<Integer> axes = new ArrayList<>();
    for (int a = 0; a < rank; a++) {
      if (random.nextBoolean()) {
        axes.add(random.nextBoolean() ? a : a - rank);
      }
    }
    return Ints.toArray(axes);
  }

  /** A constant of integer indices into an axis of {@code size}, negative ones included. */
  private Expr indices(Shape shape, int size) {
    double[] data = new double[shape.size()];
    for (int i = 0; i < data.length; i++) {
      int k = random.nextInt(size);
      data[i] = random.nextInt(3) == 0 ? k - size : k;
    }
    return Constant.of(Tensor.of(shape, data));
  }

  /**
   * The standard deviation of x plus a ramp of step 3 ({@code |x| ≤ 1} after squashing), so no two
   * elements are within 1 of each other, the variance is positive and its root differentiable.
   */
  private Expr std(Expr x, int[] axes) {
    Expr m = bounded(x, 1);
    double[] ramp = new double[m.shape().size()];
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = 3 * i;
    }
    Expr spread = add(m, Constant.of(Tensor.of(m.shape(), ramp)));
    return Exprs.std(spread, Ints.asList(axes), ddof(m.shape(), axes));
  }

  /** NumPy's default 0 or the sample statistic's 1, when more than one element is reduced. */
  private int ddof(Shape shape, int[] axes) {
    int count = 1;
    for (int a = 0; a < shape.rank(); a++) {
      boolean reduced = axes.length == 0;
      for (int b : axes) {
        reduced |= b == a || b + shape.rank() == a;
      }
      count *= reduced ? shape.dim(a) : 1;
    }
    return count > 1 && random.nextBoolean() ? 1 : 0;
  }

  private Expr normalization(Expr x) {
    Expr m = moderate(x);
    int rank = m.shape().rank();
    if (rank == 0) {
      m = Exprs.reshape(m, 1);
      rank = 1;
    }
    int axis = random.nextInt(rank) - (random.nextBoolean() ? rank : 0);
    return random.nextBoolean() ? Exprs.softmax(m, axis) : Exprs.logSoftmax(m, axis);
  }

  // ---- the shapes the simplifier's rules look for ----

  private Expr pattern() {
    Expr x = any();
    return switch (random.nextInt(31)) {
      case 0, 1 -> expMinusLogSumExp(x);
      case 2 -> log(Exprs.softmax(moderateMatrix(x), axisOf(moderateMatrix(x))));
      case 3 -> exp(Exprs.logSoftmax(moderateMatrix(x), axisOf(moderateMatrix(x))));
      case 4 -> logSumOfExp(x);
      case 5 -> log(sigmoid(bounded(x, 5)));
      case 6 -> log(sub(constant(1), sigmoid(bounded(x, 5))));
      case 7 -> log(add(constant(1), positive(x)));
      case 8 -> log(exp(bounded(x, 3)));
      case 9 -> sub(x, x);
      case 10 -> div(awayFromZero(x), awayFromZero(x));
      case 11 -> mul(moderate(x), moderate(x));
      case 12 -> pow(bounded(x, 3), constant(2));
      case 13 -> Exprs.transpose(Exprs.transpose(x));
      case 14 -> transposedProduct();
      case 15 -> Exprs.reshape(mul(constant(pick(2, -1, 0.5)), x), factorization(x.shape().size()));
      case 16 -> mul(constant(pick(2, -3)), mul(constant(pick(0.5, 3)), x));
      case 17 -> random.nextBoolean() ? sum(broadcast(x)) : sum(mul(constant(2), broadcast(x)));
      case 18 -> vectorProduct();
      case 19 -> zeroOrOne(x); // each of its ten forms fires a rare rule
      case 20 ->
          Exprs.matmul(
              mul(constant(2), moderateMatrix(x)),
              mul(constant(-1), ofShape(Shape.of(moderateMatrix(x).shape().dim(-1), n))));
      case 21 -> transposedVector();
      case 22 -> cancellingProduct(x);
      case 23 -> expandable(x);
      case 24 -> maskedProduct(x);
      case 25 -> sumOfPieces(x);
      case 26 -> scaledPieces(x);
      case 27 -> commonScalar(x);
      case 28 -> zeroOrOne(x); // the builder already removes most: write them often
      case 29 -> traitShape(bounded(x, 3));
      default -> add(moderate(x), moderate(x));
    };
  }

  /**
   * {@code f(−x)} for an odd or even f, or {@code f(f(x))} for an idempotent one: the shapes the
   * trait rules ({@code odd-of-negation}, {@code even-of-negation}, {@code idempotent}) rewrite.
   */
  private Expr traitShape(Expr x) {
    Expr minusX = Exprs.neg(x);
    return switch (random.nextInt(9)) {
      case 0 -> Exprs.sin(minusX);
      case 1 -> Exprs.tanh(minusX);
      case 2 -> Exprs.atan(minusX);
      case 3 -> Exprs.cos(minusX);
      case 4 -> Exprs.square(minusX);
      case 5 -> Exprs.abs(Exprs.abs(x));
      case 6 -> Exprs.relu(Exprs.relu(x));
      case 7 -> Exprs.sign(Exprs.sign(x));
      default -> Exprs.stopGradient(Exprs.stopGradient(x));
    };
  }

  /** A mask, from {@code x} and a partner. */
  private Expr mask(Expr x) {
    Expr y = partner(x);
    return random.nextBoolean() ? Exprs.gt(x, y) : Exprs.le(x, y);
  }

  private Expr zeroLike(Expr x) {
    return random.nextBoolean() ? constant(0) : Constant.zeros(partner(x).shape());
  }

  /** {@code x ⊙ where(c, a, 0)} or {@code x ⊙ where(c, 0, b)}, as a piecewise loss's gradient. */
  private Expr maskedProduct(Expr x) {
    Expr c = mask(x);
    Expr value = moderate(partner(c));
    Expr piece =
        random.nextBoolean()
            ? Exprs.where(c, value, zeroLike(c))
            : Exprs.where(c, zeroLike(c), value);
    Expr factor = moderate(partner(piece));
    return random.nextBoolean() ? mul(factor, piece) : mul(piece, factor);
  }

  /** {@code where(c, a, b) ± where(c, d, e)}: the pieces of a piecewise function's gradient. */
  private Expr sumOfPieces(Expr x) {
    Expr c = mask(x);
    Expr first = Exprs.where(c, moderate(partner(c)), random.nextBoolean() ? zeroLike(c) : x);
    Expr second = Exprs.where(c, zeroLike(c), moderate(partner(c)));
    return random.nextBoolean() ? add(first, second) : sub(first, second);
  }

  /** {@code where(c, k·a, m·b)} or {@code where(c, k·a, 0)}. */
  private Expr scaledPieces(Expr x) {
    Expr c = mask(x);
    Expr a = mul(constant(pick(0.25, 2, -3)), moderate(partner(c)));
    Expr b =
        random.nextBoolean()
            ? zeroLike(c)
            : mul(constant(pick(0.25, 0.5, -1.5)), moderate(partner(c)));
    return Exprs.where(c, a, b);
  }

  /** {@code c·x ± c·y}, with one scalar c. */
  private Expr commonScalar(Expr x) {
    double c = pick(0.25, 2, -3);
    Expr a = mul(constant(c), moderate(x));
    Expr b = mul(constant(c), moderate(partner(x)));
    return random.nextBoolean() ? add(a, b) : sub(a, b);
  }

  /**
   * {@code reshape(v, k×1)ᵀ}, a row written as a transposed column, or a vector reshaped to any
   * matrix and transposed.
   */
  private Expr transposedVector() {
    Expr v = anyOfRank(1, 1);
    int k = v.shape().dim(0);
    if (random.nextBoolean()) {
      return Exprs.transpose(Exprs.reshape(v, k, 1));
    }
    int[] dims = factorization(k);
    return dims.length == 2 ? Exprs.transpose(Exprs.reshape(v, dims)) : Exprs.reshape(v, dims);
  }

  /** {@code (y − 1)·s − y·(s − 1)}, which is shorter expanded ({@code s − y}). */
  private Expr expandable(Expr x) {
    Expr s = moderate(x);
    Expr y = moderate(partner(s));
    return sub(mul(sub(y, constant(1)), s), mul(y, sub(s, constant(1))));
  }

  /** {@code s·(1 − s)·(a/s + b)}, where distributing the product cancels the division. */
  private Expr cancellingProduct(Expr x) {
    Expr s = sigmoid(moderate(x));
    Expr a = moderate(partner(s));
    Expr b = moderate(partner(s));
    return mul(mul(s, sub(constant(1), s)), add(div(a, s), b));
  }

  /** {@code x} as a moderate tensor of rank 1 to 3. */
  private Expr moderateMatrix(Expr x) {
    Expr m = moderate(x);
    return m.shape().rank() == 0 ? Exprs.reshape(m, 1, 1) : m;
  }

  private int axisOf(Expr x) {
    int rank = x.shape().rank();
    return random.nextInt(rank) - (random.nextBoolean() ? rank : 0);
  }

  /**
   * {@code exp(x − logsumexp(x, a))}, with the logsumexp broadcast back along its own axis (a
   * softmax) or, as NumPy's trailing alignment does without keepdims, along another one.
   */
  private Expr expMinusLogSumExp(Expr x) {
    Expr m = moderateMatrix(x);
    int axis = axisOf(m);
    Expr lse = Exprs.logsumexp(m, axis);
    Expr back = random.nextBoolean() ? lse : Exprs.reshape(lse, keptDims(m.shape(), axis));
    Expr diff = random.nextBoolean() ? sub(m, back) : add(neg(back), m);
    return exp(diff);
  }

  private static int[] keptDims(Shape shape, int axis) {
    int[] dims = shape.dims();
    dims[axis < 0 ? axis + dims.length : axis] = 1;
    return dims;
  }

  private Expr logSumOfExp(Expr x) {
    Expr m = moderateMatrix(bounded(x, 3));
    int rank = m.shape().rank();
    if (random.nextBoolean() || rank == 0) {
      return log(sum(exp(m)));
    }
    return log(Exprs.sum(exp(m), random.nextInt(rank)));
  }

  /** {@code (A·B)ᵀ} or {@code Bᵀ·Aᵀ}. */
  private Expr transposedProduct() {
    Expr a = moderate(anyOfRank(2, 2));
    Expr b = moderate(ofShape(Shape.of(a.shape().dim(1), random.nextBoolean() ? n : 1)));
    return switch (random.nextInt(3)) {
      case 0 -> Exprs.transpose(Exprs.matmul(a, b));
      case 1 -> Exprs.transpose(Exprs.matmul(Exprs.transpose(a), ofShape(a.shape())));
      default -> Exprs.matmul(Exprs.transpose(b), Exprs.transpose(a));
    };
  }

  /** {@code reshape(A·reshape(v, k×1), m)}: a matrix-vector product written with a column. */
  private Expr vectorProduct() {
    Expr a = moderate(anyOfRank(2, 2));
    int k = a.shape().dim(1);
    Expr v = moderate(ofShape(Shape.of(k)));
    return Exprs.reshape(Exprs.matmul(a, Exprs.reshape(v, k, 1)), a.shape().dim(0));
  }

  /** The identities with 0 and 1, with the constant broadcast or not. */
  private Expr zeroOrOne(Expr x) {
    Expr zero =
        switch (random.nextInt(3)) {
          case 0 -> constant(0);
          case 1 -> Constant.zeros(partner(x).shape());
          default -> Constant.zeros(broadcast(x).shape()); // larger than x
        };
    Expr one =
        switch (random.nextInt(3)) {
          case 0 -> constant(1);
          case 1 -> Constant.ones(partner(x).shape());
          default -> Constant.ones(broadcast(x).shape()); // larger than x
        };
    return switch (random.nextInt(10)) {
      case 0 -> mul(x, zero);
      case 1 -> mul(zero, x);
      case 2 -> div(zero, awayFromZero(x));
      case 3 -> pow(x, zero);
      case 4 -> pow(x, one);
      case 5 -> add(x, zero);
      case 6 -> sub(zero, x);
      // a one no larger than x is removed as the node is built; a larger one reaches the rules
      case 7 -> mul(random.nextBoolean() ? Constant.ones(broadcast(x).shape()) : one, x);
      case 8 -> sub(x, Constant.zeros(broadcast(x).shape())); // the builder removes a smaller 0
      default -> div(x, random.nextBoolean() ? Constant.ones(broadcast(x).shape()) : one);
    };
  }
}
