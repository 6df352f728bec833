package dev.adjoint.autodiff.parse;

import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Index;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.op.Slice;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * A seeded generator of random well-formed expressions over every op of the expression language: it
 * keeps a pool of built expressions and repeatedly applies a random op to random members whose
 * shapes fit.
 */
final class RandomExpressions {
  /** The variables the expressions use. */
  static final List<Variable> VARIABLES =
      List.of(
          Variable.of("s"),
          Variable.of("u", 3),
          Variable.of("v", 3),
          Variable.of("A", 2, 3),
          Variable.of("B", 3, 2),
          Variable.of("T", 2, 3, 2),
          Variable.of("m", 1, 3));

  private final Random random;
  private final List<Expr> pool = new ArrayList<>();
  private final List<Function<Random, Expr>> ops = new ArrayList<>();

  RandomExpressions(long seed) {
    this.random = new Random(seed);
    registerOps();
  }

  /** An expression built by {@code steps} random op applications (fewer when some fail). */
  Expr next(int steps) {
    pool.clear();
    pool.addAll(VARIABLES);
    pool.add(scalarConstant());
    Expr last = pool.get(random.nextInt(pool.size()));
    for (int step = 0; step < steps; step++) {
      for (int attempt = 0; attempt < 30; attempt++) {
        try {
          Expr e = ops.get(random.nextInt(ops.size())).apply(random);
          pool.add(e);
          last = e;
          break;
        } catch (IllegalArgumentException e) {
          // the shapes did not fit (ShapeMismatchException is one): try another op
        }
      }
    }
    return last;
  }

  private Expr any() {
    // favour recent nodes, so expressions grow deep rather than wide
    int n = pool.size();
    return random.nextInt(3) == 0
        ? pool.get(random.nextInt(n))
        : pool.get(n - 1 - random.nextInt(Math.min(n, 4)));
  }

  private Expr anyOfRank(int minRank) {
    for (int i = 0; i < 20; i++) {
      Expr e = any();
      if (e.shape().rank() >= minRank) {
        return e;
      }
    }
    throw new IllegalArgumentException("no operand of rank " + minRank);
  }

  private void registerOps() {
    binary(Exprs::add);
    binary(Exprs::sub);
    binary(Exprs::mul);
    binary(Exprs::div);
    binary(Exprs::pow);
    binary(Exprs::matmul);
    binary(Exprs::matmul);
    binary(Exprs::dot);
    binary(Exprs::gt);
    binary(Exprs::ge);
    binary(Exprs::lt);
    binary(Exprs::le);
    binary(Exprs::eq);
    ops.add(r -> Exprs.where(any(), any(), any()));
    // labels from a mask are valid class indices at every point, so the expression evaluates
    ops.add(r -> Exprs.oneHot(Exprs.gt(any(), any()), 2 + r.nextInt(2)));
    unary(Exprs::neg);
    unary(Exprs::neg);
    unary(Exprs::exp);
    unary(Exprs::log);
    unary(Exprs::log1p);
    unary(Exprs::sqrt);
    unary(Exprs::square);
    unary(Exprs::abs);
    unary(Exprs::sign);
    unary(Exprs::sin);
    unary(Exprs::cos);
    unary(Exprs::tanh);
    unary(Exprs::sigmoid);
    unary(Exprs::relu);
    unary(Exprs::softplus);
    unary(Exprs::stopGradient);
    unary(Exprs::norm);
    unary(Exprs::transpose);
    unary(Exprs::transpose);
    ops.add(r -> permute(anyOfRank(2)));
    ops.add(r -> reshape(any()));
    ops.add(r -> broadcast(any()));
    ops.add(r -> slice(anyOfRank(1)));
    ops.add(r -> slice(anyOfRank(1)));
    ops.add(r -> pad(anyOfRank(1)));
    ops.add(r -> concat(anyOfRank(1)));
    ops.add(r -> reduce(anyOfRank(1)));
    ops.add(r -> reduce(anyOfRank(1)));
    ops.add(r -> Exprs.logsumexp(any()));
    ops.add(r -> withAxis(anyOfRank(1), Exprs::logsumexp));
    ops.add(r -> withAxis(anyOfRank(1), Exprs::softmax));
    ops.add(r -> withAxis(anyOfRank(1), Exprs::logSoftmax));
    ops.add(r -> reductionOrIndexing(anyOfRank(1)));
    ops.add(r -> reductionOrIndexing(anyOfRank(1)));
    ops.add(r -> scalarConstant());
    ops.add(r -> tensorConstant(any().shape()));
    ops.add(r -> Exprs.mul(scalarConstant(), any()));
    ops.add(r -> Exprs.add(any(), scalarConstant()));
    ops.add(r -> Exprs.pow(any(), scalarConstant()));
  }

  private void binary(java.util.function.BinaryOperator<Expr> f) {
    ops.add(r -> f.apply(any(), any()));
  }

  private void unary(Function<Expr, Expr> f) {
    ops.add(r -> f.apply(any()));
  }

  private interface AxisOp {
    Expr apply(Expr x, int axis);
  }

  private Expr withAxis(Expr x, AxisOp f) {
    int rank = x.shape().rank();
    int axis = random.nextInt(rank) - (random.nextBoolean() ? rank : 0);
    return f.apply(x, axis);
  }

  private Expr reduce(Expr x) {
    int rank = x.shape().rank();
    List<Integer> axes = new ArrayList<>();
    for (int a = 0; a < rank; a++) {
      if (random.nextBoolean()) {
        axes.add(random.nextBoolean() ? a : a - rank);
      }
    }
    int[] ax = axes.stream().mapToInt(Integer::intValue).toArray();
    return switch (random.nextInt(4)) {
      case 0 -> ax.length == 0 ? Exprs.sum(x) : Exprs.sum(x, ax);
      case 1 -> ax.length == 0 ? Exprs.mean(x) : Exprs.mean(x, ax);
      case 2 -> ax.length == 0 ? Exprs.max(x) : Exprs.max(x, ax);
      default -> ax.length == 0 ? Exprs.min(x) : Exprs.min(x, ax);
    };
  }

  /** prod, cumsum, norm, var, std, gather, index_select and scatter_add with constant indices. */
  private Expr reductionOrIndexing(Expr x) {
    int rank = x.shape().rank();
    int axis = random.nextInt(rank) - (random.nextBoolean() ? rank : 0);
    int a = axis < 0 ? axis + rank : axis;
    int dim = x.shape().dim(a);
    List<Integer> axes = new ArrayList<>();
    for (int b = 0; b < rank; b++) {
      if (random.nextBoolean()) {
        axes.add(random.nextBoolean() ? b : b - rank);
      }
    }
    int[] ax = axes.stream().mapToInt(Integer::intValue).toArray();
    return switch (random.nextInt(8)) {
      case 0 -> Exprs.prod(x, ax);
      case 1 -> Exprs.cumsum(x, axis);
      case 2 -> Exprs.norm(x, new double[] {1, 2, Double.POSITIVE_INFINITY}[random.nextInt(3)], ax);
      case 3 -> Exprs.variance(x, ax);
      case 4 -> Exprs.std(x, ax);
      case 5 -> {
        int[] dims = x.shape().dims();
        dims[a] = 1 + random.nextInt(3);
        yield dim == 0 ? x : Exprs.gather(x, indices(Shape.of(dims), dim), axis);
      }
      case 6 ->
          dim == 0 ? x : Exprs.indexSelect(x, indices(Shape.of(1 + random.nextInt(3)), dim), axis);
      default -> Exprs.scatterAdd(x, indices(x.shape(), dim + 1), axis, dim + 1);
    };
  }

  private Expr indices(Shape shape, int size) {
    double[] data = new double[shape.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextInt(2 * size) - size;
    }
    return Constant.of(Tensor.of(shape, data));
  }

  private Expr permute(Expr x) {
    int rank = x.shape().rank();
    List<Integer> axes = new ArrayList<>();
    for (int a = 0; a < rank; a++) {
      axes.add(a);
    }
    java.util.Collections.shuffle(axes, random);
    return Exprs.permute(x, axes.stream().mapToInt(Integer::intValue).toArray());
  }

  private Expr reshape(Expr x) {
    int size = x.shape().size();
    int[][] choices = {{size}, {1, size}, {size, 1}, {}, {1, 1, size}};
    int[] dims = choices[random.nextInt(choices.length)];
    if (size % 2 == 0 && random.nextBoolean()) {
      dims = new int[] {2, size / 2};
    }
    return Exprs.reshape(x, dims);
  }

  private Expr broadcast(Expr x) {
    int[] dims = x.shape().dims();
    int[] to = new int[dims.length + 1];
    to[0] = 2;
    for (int i = 0; i < dims.length; i++) {
      to[i + 1] = dims[i] == 1 && random.nextBoolean() ? 3 : dims[i];
    }
    return Exprs.broadcastTo(x, to);
  }

  private Expr slice(Expr x) {
    int rank = x.shape().rank();
    int count = 1 + random.nextInt(rank);
    Index[] indices = new Index[count];
    for (int a = 0; a < count; a++) {
      int dim = x.shape().dim(a);
      indices[a] =
          switch (random.nextInt(4)) {
            case 0 -> Index.at(random.nextInt(dim) - (random.nextBoolean() ? dim : 0));
            case 1 -> Index.range(random.nextInt(dim + 1), random.nextInt(dim + 1) + 1);
            case 2 -> Index.range(null, null, random.nextBoolean() ? 2 : -1);
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
      int step = random.nextBoolean() ? 1 : 2;
      int start = random.nextInt(3);
      full[a] = start + Math.max(0, d - 1) * step + 1 + random.nextInt(2);
      ranges.add(new Slice.Range(d == 0 ? 0 : start, d, step, false));
    }
    return Exprs.pad(x, Shape.of(full), ranges);
  }

  private Expr concat(Expr x) {
    int axis = random.nextInt(x.shape().rank());
    Expr other = random.nextBoolean() ? x : Exprs.exp(x);
    return random.nextBoolean()
        ? Exprs.concat(axis, x, other)
        : Exprs.concat(axis - x.shape().rank(), x, other, x);
  }

  /** Integers, decimals, negatives, tiny and huge exponents, −0, ±∞ and NaN. */
  private Expr scalarConstant() {
    double v =
        switch (random.nextInt(10)) {
          case 0 -> random.nextInt(10);
          case 1 -> -random.nextInt(10);
          case 2 -> random.nextGaussian();
          case 3 -> random.nextGaussian() * 1e-7;
          case 4 -> random.nextGaussian() * 1e20;
          case 5 -> -0.0;
          case 6 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
          case 7 -> Double.NaN;
          case 8 -> 0.5;
          default -> 2;
        };
    return Constant.of(v);
  }

  private Expr tensorConstant(Shape shape) {
    return switch (random.nextInt(4)) {
      case 0 -> Constant.zeros(shape);
      case 1 -> Constant.ones(shape);
      case 2 -> Constant.of(Tensor.full(shape, random.nextInt(5) - 2.5));
      default -> {
        double[] data = new double[shape.size()];
        for (int i = 0; i < data.length; i++) {
          data[i] = random.nextInt(8) == 0 ? -0.0 : Math.round(random.nextGaussian() * 100) / 10.0;
        }
        yield Constant.of(Tensor.of(shape, data));
      }
    };
  }
}
