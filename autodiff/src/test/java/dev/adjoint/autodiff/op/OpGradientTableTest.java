package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.abs;
import static dev.adjoint.autodiff.Exprs.acos;
import static dev.adjoint.autodiff.Exprs.acosh;
import static dev.adjoint.autodiff.Exprs.add;
import static dev.adjoint.autodiff.Exprs.asin;
import static dev.adjoint.autodiff.Exprs.asinh;
import static dev.adjoint.autodiff.Exprs.atan;
import static dev.adjoint.autodiff.Exprs.atan2;
import static dev.adjoint.autodiff.Exprs.atanh;
import static dev.adjoint.autodiff.Exprs.broadcastTo;
import static dev.adjoint.autodiff.Exprs.cbrt;
import static dev.adjoint.autodiff.Exprs.cholesky;
import static dev.adjoint.autodiff.Exprs.clip;
import static dev.adjoint.autodiff.Exprs.concat;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.cos;
import static dev.adjoint.autodiff.Exprs.cosh;
import static dev.adjoint.autodiff.Exprs.cumsum;
import static dev.adjoint.autodiff.Exprs.det;
import static dev.adjoint.autodiff.Exprs.diag;
import static dev.adjoint.autodiff.Exprs.digamma;
import static dev.adjoint.autodiff.Exprs.div;
import static dev.adjoint.autodiff.Exprs.eq;
import static dev.adjoint.autodiff.Exprs.erf;
import static dev.adjoint.autodiff.Exprs.erfc;
import static dev.adjoint.autodiff.Exprs.exp;
import static dev.adjoint.autodiff.Exprs.expm1;
import static dev.adjoint.autodiff.Exprs.eye;
import static dev.adjoint.autodiff.Exprs.gather;
import static dev.adjoint.autodiff.Exprs.ge;
import static dev.adjoint.autodiff.Exprs.gt;
import static dev.adjoint.autodiff.Exprs.hypot;
import static dev.adjoint.autodiff.Exprs.indexSelect;
import static dev.adjoint.autodiff.Exprs.inv;
import static dev.adjoint.autodiff.Exprs.le;
import static dev.adjoint.autodiff.Exprs.lgamma;
import static dev.adjoint.autodiff.Exprs.log;
import static dev.adjoint.autodiff.Exprs.log10;
import static dev.adjoint.autodiff.Exprs.log1p;
import static dev.adjoint.autodiff.Exprs.log2;
import static dev.adjoint.autodiff.Exprs.logSoftmax;
import static dev.adjoint.autodiff.Exprs.logdet;
import static dev.adjoint.autodiff.Exprs.logsumexp;
import static dev.adjoint.autodiff.Exprs.lt;
import static dev.adjoint.autodiff.Exprs.matmul;
import static dev.adjoint.autodiff.Exprs.max;
import static dev.adjoint.autodiff.Exprs.maximum;
import static dev.adjoint.autodiff.Exprs.mean;
import static dev.adjoint.autodiff.Exprs.min;
import static dev.adjoint.autodiff.Exprs.minimum;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.neg;
import static dev.adjoint.autodiff.Exprs.norm;
import static dev.adjoint.autodiff.Exprs.oneHot;
import static dev.adjoint.autodiff.Exprs.outer;
import static dev.adjoint.autodiff.Exprs.pad;
import static dev.adjoint.autodiff.Exprs.permute;
import static dev.adjoint.autodiff.Exprs.polygamma;
import static dev.adjoint.autodiff.Exprs.pow;
import static dev.adjoint.autodiff.Exprs.prod;
import static dev.adjoint.autodiff.Exprs.relu;
import static dev.adjoint.autodiff.Exprs.reshape;
import static dev.adjoint.autodiff.Exprs.scatterAdd;
import static dev.adjoint.autodiff.Exprs.sigmoid;
import static dev.adjoint.autodiff.Exprs.sign;
import static dev.adjoint.autodiff.Exprs.sin;
import static dev.adjoint.autodiff.Exprs.sinh;
import static dev.adjoint.autodiff.Exprs.slice;
import static dev.adjoint.autodiff.Exprs.softmax;
import static dev.adjoint.autodiff.Exprs.softplus;
import static dev.adjoint.autodiff.Exprs.solve;
import static dev.adjoint.autodiff.Exprs.sqrt;
import static dev.adjoint.autodiff.Exprs.square;
import static dev.adjoint.autodiff.Exprs.std;
import static dev.adjoint.autodiff.Exprs.stopGradient;
import static dev.adjoint.autodiff.Exprs.sub;
import static dev.adjoint.autodiff.Exprs.sum;
import static dev.adjoint.autodiff.Exprs.tan;
import static dev.adjoint.autodiff.Exprs.tanh;
import static dev.adjoint.autodiff.Exprs.trace;
import static dev.adjoint.autodiff.Exprs.transpose;
import static dev.adjoint.autodiff.Exprs.trigamma;
import static dev.adjoint.autodiff.Exprs.variance;
import static dev.adjoint.autodiff.Exprs.where;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.reflect.ClassPath;
import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Index;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.check.GradientCheck;
import dev.adjoint.autodiff.check.GradientCheckReport;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One row per op (and per interesting shape case): the autodiff gradient against central finite
 * differences at seeded random points away from kinks and domain edges. A non-scalar result is
 * reduced with fixed random weights, {@code L = Σ w ⊙ op(x...)}, so every output element matters.
 * The table fails when an op class of {@code dev.adjoint.autodiff.op} has no row.
 */
class OpGradientTableTest {

  /** Where an input's random values are drawn from. */
  enum Domain {
    ANY,
    POSITIVE,
    AWAY_FROM_ZERO,
    ABOVE_MINUS_HALF,
    /**
     * A third of the elements exactly 0, the rest as ANY: where prod's gradient must not divide.
     */
    SOME_ZEROS,
    /** Class indices 0, 1 or 2: labels, which are data and not differentiated. */
    CLASS_INDEX,
    /** (−1.2, 1.2): inside tan's branch, away from its poles at ±π/2. */
    SMALL,
    /** (−0.9, 0.9): inside the domains of asin, acos and atanh, away from their ends. */
    INSIDE_UNIT,
    /** (1.2, 3): inside acosh's domain, away from 1. */
    ABOVE_ONE,
    /** (−1.5, −0.5): a lower bound for clip. */
    LOW,
    /** (0.5, 1.5): an upper bound for clip. */
    HIGH;

    double sample(Random r) {
      return switch (this) {
        case CLASS_INDEX -> r.nextInt(3);
        case ANY -> -2 + 4 * r.nextDouble();
        case SMALL -> -1.2 + 2.4 * r.nextDouble();
        case INSIDE_UNIT -> -0.9 + 1.8 * r.nextDouble();
        case ABOVE_ONE -> 1.2 + 1.8 * r.nextDouble();
        case LOW -> -1.5 + r.nextDouble();
        case HIGH -> 0.5 + r.nextDouble();
        case POSITIVE -> 0.5 + 1.5 * r.nextDouble();
        case AWAY_FROM_ZERO -> (r.nextBoolean() ? 1 : -1) * (0.3 + 1.7 * r.nextDouble());
        case ABOVE_MINUS_HALF -> -0.5 + 2.5 * r.nextDouble();
        case SOME_ZEROS -> r.nextInt(3) == 0 ? 0 : -2 + 4 * r.nextDouble();
      };
    }
  }

  /** An input of a row: its shape and domain. */
  record Input(Shape shape, Domain domain) {}

  /**
   * A row: the op class it covers, its inputs, and the expression built from variables named {@code
   * a, b, c, ...}.
   */
  record Row(
      String name,
      Class<? extends Op> covers,
      List<Input> inputs,
      Function<List<Variable>, Expr> build) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Input in(Domain d, int... dims) {
    return new Input(Shape.of(dims), d);
  }

  private static Input any(int... dims) {
    return in(Domain.ANY, dims);
  }

  private static Row row(
      String name, Class<? extends Op> covers, Function<List<Variable>, Expr> build, Input... in) {
    return new Row(name, covers, List.of(in), build);
  }

  /** Rows for an elementwise function on a scalar, a vector and a rank-3 tensor. */
  private static List<Row> unary(
      String name, Class<? extends Op> covers, Function<Expr, Expr> f, Domain d) {
    List<Row> rows = new ArrayList<>();
    for (int[] dims : new int[][] {{}, {5}, {2, 1, 3}}) {
      rows.add(row(name + " " + Shape.of(dims), covers, v -> f.apply(v.get(0)), in(d, dims)));
    }
    return rows;
  }

  private static Row binary(
      String name,
      Class<? extends Op> covers,
      java.util.function.BinaryOperator<Expr> f,
      Input a,
      Input b) {
    return row(name, covers, v -> f.apply(v.get(0), v.get(1)), a, b);
  }

  static Stream<Row> rows() {
    List<Row> rows = new ArrayList<>();
    // Elementwise binary ops, with broadcasting.
    for (int[][] shapes :
        new int[][][] {
          {{2, 3}, {2, 3}}, {{2, 3}, {3}}, {{2, 1}, {1, 3}}, {{}, {2, 3}}, {{4, 1, 3}, {2, 1}}
        }) {
      String s = Shape.of(shapes[0]) + " with " + Shape.of(shapes[1]);
      rows.add(binary("add " + s, Add.class, (a, b) -> add(a, b), any(shapes[0]), any(shapes[1])));
      rows.add(binary("sub " + s, Sub.class, (a, b) -> sub(a, b), any(shapes[0]), any(shapes[1])));
      rows.add(binary("mul " + s, Mul.class, (a, b) -> mul(a, b), any(shapes[0]), any(shapes[1])));
      rows.add(
          binary(
              "div " + s,
              Div.class,
              (a, b) -> div(a, b),
              any(shapes[0]),
              in(Domain.AWAY_FROM_ZERO, shapes[1])));
      rows.add(
          binary(
              "pow tensor exponent " + s,
              Pow.class,
              (a, b) -> pow(a, b),
              in(Domain.POSITIVE, shapes[0]),
              any(shapes[1])));
    }
    rows.add(row("pow constant exponent 3", Pow.class, v -> v.get(0).pow(3), any(2, 3)));
    rows.add(
        row(
            "pow constant exponent -1.5",
            Pow.class,
            v -> v.get(0).pow(-1.5),
            in(Domain.POSITIVE, 4)));
    rows.add(row("pow constant base", Pow.class, v -> pow(constant(1.7), v.get(0)), any(3)));
    // Elementwise functions.
    rows.addAll(unary("neg", Neg.class, x -> neg(x), Domain.ANY));
    rows.addAll(unary("exp", Exp.class, x -> exp(x), Domain.ANY));
    rows.addAll(unary("log", Log.class, x -> log(x), Domain.POSITIVE));
    rows.addAll(unary("log1p", Log1p.class, x -> log1p(x), Domain.ABOVE_MINUS_HALF));
    rows.addAll(unary("sqrt", Sqrt.class, x -> sqrt(x), Domain.POSITIVE));
    rows.addAll(unary("square", Square.class, x -> square(x), Domain.ANY));
    rows.addAll(unary("abs", Abs.class, x -> abs(x), Domain.AWAY_FROM_ZERO));
    rows.addAll(
        unary(
            "sign (no gradient through sign)",
            Sign.class,
            x -> mul(sign(x), square(x)),
            Domain.AWAY_FROM_ZERO));
    rows.addAll(unary("sin", Sin.class, x -> sin(x), Domain.ANY));
    rows.addAll(unary("cos", Cos.class, x -> cos(x), Domain.ANY));
    rows.addAll(unary("tanh", Tanh.class, x -> tanh(x), Domain.ANY));
    rows.addAll(unary("sigmoid", Sigmoid.class, x -> sigmoid(x), Domain.ANY));
    rows.addAll(unary("relu", Relu.class, x -> relu(x), Domain.AWAY_FROM_ZERO));
    rows.addAll(unary("softplus", Softplus.class, x -> softplus(x), Domain.ANY));
    rows.addAll(
        unary("sigmoid of large values", Sigmoid.class, x -> sigmoid(x.times(8.0)), Domain.ANY));
    rows.addAll(unary("tan", Tan.class, x -> tan(x), Domain.SMALL));
    rows.addAll(unary("asin", Asin.class, x -> asin(x), Domain.INSIDE_UNIT));
    rows.addAll(unary("acos", Acos.class, x -> acos(x), Domain.INSIDE_UNIT));
    rows.addAll(unary("atan", Atan.class, x -> atan(x), Domain.ANY));
    rows.addAll(unary("sinh", Sinh.class, x -> sinh(x), Domain.ANY));
    rows.addAll(unary("cosh", Cosh.class, x -> cosh(x), Domain.ANY));
    rows.addAll(unary("asinh", Asinh.class, x -> asinh(x), Domain.ANY));
    rows.addAll(unary("acosh", Acosh.class, x -> acosh(x), Domain.ABOVE_ONE));
    rows.addAll(unary("atanh", Atanh.class, x -> atanh(x), Domain.INSIDE_UNIT));
    rows.addAll(unary("expm1", Expm1.class, x -> expm1(x), Domain.ANY));
    rows.addAll(unary("log2", Log2.class, x -> log2(x), Domain.POSITIVE));
    rows.addAll(unary("log10", Log10.class, x -> log10(x), Domain.POSITIVE));
    rows.addAll(unary("cbrt", Cbrt.class, x -> cbrt(x), Domain.AWAY_FROM_ZERO));
    rows.addAll(unary("erf", Erf.class, x -> erf(x), Domain.ANY));
    rows.addAll(unary("erfc", Erfc.class, x -> erfc(x), Domain.ANY));
    rows.addAll(unary("lgamma", LogGamma.class, x -> lgamma(x), Domain.POSITIVE));
    rows.addAll(unary("digamma", Digamma.class, x -> digamma(x), Domain.POSITIVE));
    rows.addAll(unary("trigamma", Polygamma.class, x -> trigamma(x), Domain.POSITIVE));
    rows.addAll(unary("polygamma 3", Polygamma.class, x -> polygamma(x, 3), Domain.POSITIVE));
    for (int[][] shapes : new int[][][] {{{2, 3}, {2, 3}}, {{2, 1}, {1, 3}}, {{}, {2, 3}}}) {
      String s = Shape.of(shapes[0]) + " with " + Shape.of(shapes[1]);
      rows.add(
          binary(
              "maximum " + s,
              Maximum.class,
              (a, b) -> maximum(a, b),
              any(shapes[0]),
              any(shapes[1])));
      rows.add(
          binary(
              "minimum " + s,
              Minimum.class,
              (a, b) -> minimum(a, b),
              any(shapes[0]),
              any(shapes[1])));
      rows.add(
          binary(
              "atan2 " + s,
              Atan2.class,
              (a, b) -> atan2(a, b),
              any(shapes[0]),
              in(Domain.AWAY_FROM_ZERO, shapes[1])));
      rows.add(
          binary(
              "hypot " + s,
              Hypot.class,
              (a, b) -> hypot(a, b),
              in(Domain.AWAY_FROM_ZERO, shapes[0]),
              any(shapes[1])));
    }
    rows.add(
        row(
            "clip",
            Clip.class,
            v -> clip(v.get(0), v.get(1), v.get(2)),
            any(2, 3),
            in(Domain.LOW, 2, 3),
            in(Domain.HIGH, 2, 3)));
    rows.add(
        row(
            "clip with broadcast bounds",
            Clip.class,
            v -> clip(v.get(0), v.get(1), v.get(2)),
            any(3, 4),
            in(Domain.LOW, 4),
            in(Domain.HIGH, 3, 1)));
    rows.add(
        row(
            "clip with hi below lo: the result is hi",
            Clip.class,
            v -> clip(v.get(0), v.get(2), v.get(1)),
            any(2, 3),
            in(Domain.LOW, 2, 3),
            in(Domain.HIGH, 2, 3)));
    // Matrix products.
    rows.add(
        binary("matmul matrix·matrix", MatMul.class, (a, b) -> matmul(a, b), any(2, 3), any(3, 4)));
    rows.add(
        binary("matmul matrix·vector", MatMul.class, (a, b) -> matmul(a, b), any(2, 3), any(3)));
    rows.add(
        binary("matmul vector·matrix", MatMul.class, (a, b) -> matmul(a, b), any(3), any(3, 4)));
    rows.add(binary("matmul vector·vector", MatMul.class, (a, b) -> matmul(a, b), any(3), any(3)));
    rows.add(
        binary(
            "matmul x·x (shared operand)",
            MatMul.class,
            (a, b) -> matmul(a, a).plus(b),
            any(3, 3),
            any(3, 3)));
    // Shape ops.
    rows.add(row("transpose 2-D", Transpose.class, v -> transpose(v.get(0)), any(2, 3)));
    rows.add(
        row(
            "transpose axis permutation",
            Transpose.class,
            v -> permute(v.get(0), 1, 2, 0),
            any(2, 3, 4)));
    rows.add(row("reshape", Reshape.class, v -> reshape(v.get(0), 3, 2), any(2, 3)));
    rows.add(row("reshape to rank 3", Reshape.class, v -> reshape(v.get(0), 1, 6, 1), any(2, 3)));
    rows.add(
        row("broadcast-to", BroadcastTo.class, v -> broadcastTo(v.get(0), 4, 2, 3), any(2, 1)));
    rows.add(
        row(
            "broadcast-to from scalar",
            BroadcastTo.class,
            v -> broadcastTo(v.get(0), 2, 3),
            any()));
    // Reductions.
    for (int[] axes : new int[][] {{}, {0}, {1}, {-1}, {0, 2}}) {
      String s = axes.length == 0 ? "all" : java.util.Arrays.toString(axes);
      rows.add(
          row(
              "sum " + s,
              Sum.class,
              v -> axes.length == 0 ? sum(v.get(0)) : sum(v.get(0), axes),
              any(2, 3, 4)));
      rows.add(
          row(
              "mean " + s,
              Mean.class,
              v -> axes.length == 0 ? mean(v.get(0)) : mean(v.get(0), axes),
              any(2, 3, 4)));
      rows.add(
          row(
              "max " + s,
              Max.class,
              v -> axes.length == 0 ? max(v.get(0)) : max(v.get(0), axes),
              any(2, 3, 4)));
      rows.add(
          row(
              "min " + s,
              Min.class,
              v -> axes.length == 0 ? min(v.get(0)) : min(v.get(0), axes),
              any(2, 3, 4)));
    }
    rows.add(row("sum keepdims", Sum.class, v -> sum(v.get(0), true, 1), any(2, 3, 4)));
    rows.add(row("mean keepdims", Mean.class, v -> mean(v.get(0), true, 0, 2), any(2, 3, 4)));
    rows.add(
        row(
            "max keepdims, broadcast back",
            Max.class,
            v -> v.get(0).minus(reshape(max(v.get(0), 1), 2, 1)),
            any(2, 3)));
    rows.add(row("logsumexp all", LogSumExp.class, v -> logsumexp(v.get(0)), any(2, 3)));
    rows.add(row("logsumexp axis 0", LogSumExp.class, v -> logsumexp(v.get(0), 0), any(2, 3)));
    rows.add(row("logsumexp axis -1", LogSumExp.class, v -> logsumexp(v.get(0), -1), any(2, 3, 2)));
    rows.add(row("softmax axis 1", Softmax.class, v -> softmax(v.get(0), 1), any(2, 3)));
    rows.add(
        row("softmax axis 0 of rank 3", Softmax.class, v -> softmax(v.get(0), 0), any(3, 2, 2)));
    rows.add(
        row("log-softmax axis -1", LogSoftmax.class, v -> logSoftmax(v.get(0), -1), any(2, 3)));
    rows.add(
        row(
            "log-softmax axis 1 of rank 3",
            LogSoftmax.class,
            v -> logSoftmax(v.get(0), 1),
            any(2, 3, 2)));
    // Reductions and indexing of issue 11 (norm, var and std are compositions: their rows cover
    // the op each one's derivative rests on).
    for (int[] axes : new int[][] {{}, {0}, {1}, {-1, 0}}) {
      String s = axes.length == 0 ? "all" : java.util.Arrays.toString(axes);
      rows.add(
          row(
              "prod " + s,
              Prod.class,
              v -> axes.length == 0 ? prod(v.get(0)) : prod(v.get(0), axes),
              any(3, 3)));
      rows.add(
          row(
              "prod with zeros " + s,
              Prod.class,
              v -> axes.length == 0 ? prod(v.get(0)) : prod(v.get(0), axes),
              in(Domain.SOME_ZEROS, 3, 3)));
    }
    rows.add(row("prod axes 0, 2 of a cube", Prod.class, v -> prod(v.get(0), 0, 2), any(3, 3, 3)));
    rows.add(
        row(
            "prod axis 1 of a cube, with zeros",
            Prod.class,
            v -> prod(v.get(0), 1),
            in(Domain.SOME_ZEROS, 3, 3, 3)));
    rows.add(row("cumsum axis 0", CumSum.class, v -> cumsum(v.get(0), 0), any(3, 3)));
    rows.add(row("cumsum axis -1", CumSum.class, v -> cumsum(v.get(0), -1), any(3, 3)));
    rows.add(row("cumsum axis 1 of a cube", CumSum.class, v -> cumsum(v.get(0), 1), any(3, 3, 3)));
    rows.add(
        row(
            "norm 2 (Frobenius)",
            Sqrt.class,
            v -> norm(v.get(0)),
            in(Domain.AWAY_FROM_ZERO, 3, 3)));
    rows.add(
        row(
            "norm 2 along axis 1",
            Sqrt.class,
            v -> norm(v.get(0), 2, 1),
            in(Domain.AWAY_FROM_ZERO, 3, 3)));
    rows.add(
        row(
            "norm 1 along axis 0",
            Abs.class,
            v -> norm(v.get(0), 1, 0),
            in(Domain.AWAY_FROM_ZERO, 3, 3)));
    rows.add(
        row(
            "norm ∞ along axes 0, 2",
            Max.class,
            v -> norm(v.get(0), Double.POSITIVE_INFINITY, 0, 2),
            in(Domain.AWAY_FROM_ZERO, 3, 3, 3)));
    rows.add(row("var all", Mean.class, v -> variance(v.get(0)), any(3, 3)));
    rows.add(row("var axis 0", Mean.class, v -> variance(v.get(0), 0), any(3, 3)));
    rows.add(
        row("var axis -1, ddof 1", Mean.class, v -> variance(v.get(0), List.of(-1), 1), any(3, 3)));
    rows.add(row("std axis 1", Sqrt.class, v -> std(v.get(0), 1), any(3, 3, 3)));
    rows.add(
        row(
            "std axes 0, 2, ddof 1",
            Sqrt.class,
            v -> std(v.get(0), List.of(0, 2), 1),
            any(3, 3, 3)));
    Tensor repeated = Tensor.matrix(new double[][] {{2, 0, 0}, {1, 1, -1}, {0, 2, 1}});
    rows.add(
        row(
            "gather axis 1, repeated indices",
            Gather.class,
            v -> gather(v.get(0), constant(repeated), 1),
            any(3, 3)));
    rows.add(
        row(
            "gather axis 0, repeated indices",
            Gather.class,
            v -> gather(v.get(0), constant(repeated), 0),
            any(3, 3)));
    rows.add(
        row(
            "gather one per row (labels)",
            Gather.class,
            v -> gather(v.get(0), constant(Tensor.of(Shape.of(3, 1), 2, 0, -1)), -1),
            any(3, 3)));
    rows.add(
        row(
            "index_select rows, repeated",
            IndexSelect.class,
            v -> indexSelect(v.get(0), constant(Tensor.vector(2, 0, 2, -3)), 0),
            any(3, 3)));
    rows.add(
        row(
            "index_select axis 1 of a cube",
            IndexSelect.class,
            v -> indexSelect(v.get(0), constant(Tensor.vector(1, 1)), 1),
            any(3, 3, 3)));
    rows.add(
        row(
            "scatter_add axis 1, repeated indices",
            ScatterAdd.class,
            v -> scatterAdd(v.get(0), constant(repeated), 1, 4),
            any(3, 3)));
    // Indexing, slicing, padding, concatenation.
    rows.add(
        row("index ints", Slice.class, v -> slice(v.get(0), Index.at(1), Index.at(-1)), any(3, 4)));
    rows.add(
        row(
            "index int and range",
            Slice.class,
            v -> slice(v.get(0), Index.at(0), Index.range(1, 3)),
            any(3, 4)));
    rows.add(
        row(
            "slice negative bounds",
            Slice.class,
            v -> slice(v.get(0), Index.range(-2, 3), Index.range(-3, -1)),
            any(3, 4)));
    rows.add(
        row(
            "slice steps",
            Slice.class,
            v -> slice(v.get(0), Index.range(null, null, 2), Index.range(3, null, -2)),
            any(5, 4)));
    rows.add(
        row(
            "slice rank 3",
            Slice.class,
            v -> slice(v.get(0), Index.all(), Index.at(-2), Index.range(0, 2)),
            any(2, 3, 4)));
    rows.add(
        row(
            "pad",
            Pad.class,
            v ->
                pad(
                    v.get(0),
                    Shape.of(4, 5),
                    List.of(new Slice.Range(1, 2, 2, false), new Slice.Range(0, 3, 1, false))),
            any(2, 3)));
    rows.add(
        binary("concat axis 0", Concat.class, (a, b) -> concat(0, a, b), any(2, 3), any(1, 3)));
    rows.add(
        binary(
            "concat axis -1", Concat.class, (a, b) -> concat(-1, a, b, a), any(2, 3), any(2, 2)));
    // Comparisons (no gradient flows through the mask), where, stop-gradient.
    rows.add(
        binary("gt mask times a", Comparison.class, (a, b) -> mul(gt(a, b), a), any(2, 3), any(3)));
    rows.add(
        binary(
            "ge mask times b", Comparison.class, (a, b) -> mul(ge(a, b), b), any(2, 3), any(2, 3)));
    rows.add(
        binary("lt", Comparison.class, (a, b) -> add(lt(a, b), a.times(b)), any(2, 3), any(2, 3)));
    rows.add(binary("le", Comparison.class, (a, b) -> add(le(a, b), b), any(3), any(3)));
    rows.add(binary("eq", Comparison.class, (a, b) -> mul(eq(a, b), a).plus(b), any(3), any(3)));
    rows.add(
        row(
            "where with broadcasting",
            Where.class,
            v -> where(gt(v.get(0), constant(0)), square(v.get(1)), sin(v.get(2))),
            in(Domain.AWAY_FROM_ZERO, 2, 3),
            any(3),
            any(2, 1)));
    rows.add(
        row(
            "stop-gradient of a variable the loss also uses directly",
            StopGradient.class,
            v -> stopGradient(v.get(1)).times(v.get(0)),
            any(2, 3),
            any(2, 3)));
    // Linear algebra, on square and batched n×n×n shapes (a wrong axis or a missing transpose
    // shows); random matrices are made well-conditioned by adding a multiple of I, and stay
    // non-symmetric so that X⁻ᵀ and X⁻¹ differ.
    for (int[] dims : new int[][] {{3, 3}, {3, 3, 3}}) {
      String s = " " + Shape.of(dims);
      int[] vector = java.util.Arrays.copyOf(dims, dims.length - 1);
      rows.add(row("inv" + s, Inv.class, v -> inv(wellConditioned(v.get(0))), any(dims)));
      rows.add(row("det" + s, Det.class, v -> det(wellConditioned(v.get(0))), any(dims)));
      rows.add(row("logdet" + s, LogDet.class, v -> logdet(wellConditioned(v.get(0))), any(dims)));
      rows.add(
          row(
              "logdet of a negative determinant" + s,
              LogDet.class,
              v -> logdet(neg(wellConditioned(v.get(0)))),
              any(dims)));
      rows.add(
          binary(
              "solve, matrix right-hand side" + s,
              Solve.class,
              (a, b) -> solve(wellConditioned(a), b),
              any(dims),
              any(dims)));
      rows.add(
          binary(
              "solve, vector right-hand side" + s,
              Solve.class,
              (a, b) -> solve(wellConditioned(a), b),
              any(dims),
              any(vector)));
      rows.add(row("trace" + s, Trace.class, v -> trace(v.get(0)), any(dims)));
      rows.add(row("diag of a matrix" + s, Diag.class, v -> diag(v.get(0)), any(dims)));
      rows.add(
          row(
              "cholesky of a non-symmetric input" + s,
              Cholesky.class,
              v -> cholesky(add(v.get(0), mul(constant(10), eye(3)))),
              any(dims)));
      rows.add(binary("outer" + s, Outer.class, (a, b) -> outer(a, b), any(vector), any(vector)));
    }
    // dominant on the anti-diagonal instead: the LU factorisation swaps rows
    rows.add(row("det with row swaps", Det.class, v -> det(rowSwapping(v.get(0))), any(3, 3)));
    rows.add(
        row("logdet with row swaps", LogDet.class, v -> logdet(rowSwapping(v.get(0))), any(3, 3)));
    rows.add(row("inv with row swaps", Inv.class, v -> inv(rowSwapping(v.get(0))), any(3, 3)));
    rows.add(
        binary(
            "solve with row swaps",
            Solve.class,
            (a, b) -> solve(rowSwapping(a), b),
            any(3, 3),
            any(3, 3)));
    rows.add(row("diag of a vector", Diag.class, v -> diag(v.get(0)), any(4)));
    rows.add(
        row(
            "cholesky of a·aᵀ + I",
            Cholesky.class,
            v -> cholesky(add(matmul(v.get(0), transpose(v.get(0))), eye(3))),
            any(3, 3)));
    rows.add(
        binary("outer of unequal lengths", Outer.class, (a, b) -> outer(a, b), any(3), any(4)));
    rows.add(row("eye", Eye.class, v -> matmul(v.get(0), mul(v.get(0), eye(3))), any(3, 3)));
    // Class labels (data: the gradient is taken with respect to the other inputs only).
    rows.add(
        binary(
            "one_hot of a vector of labels, times a",
            OneHot.class,
            (labels, a) -> mul(oneHot(labels, 3), a),
            in(Domain.CLASS_INDEX, 4),
            any(4, 3)));
    rows.add(
        binary(
            "one_hot of a 2×2 matrix of labels, broadcast against a",
            OneHot.class,
            (labels, a) -> mul(oneHot(labels, 3), a),
            in(Domain.CLASS_INDEX, 2, 2),
            any(2, 1, 3)));
    rows.add(
        binary(
            "one_hot of one label, inside softmax cross-entropy",
            OneHot.class,
            (label, z) -> logsumexp(z).minus(sum(mul(oneHot(label, 3), z))),
            in(Domain.CLASS_INDEX),
            any(3)));
    return rows.stream();
  }

  /** X + 6·J with J the anti-diagonal permutation: far from singular, and pivoting swaps rows. */
  private static Expr rowSwapping(Expr x) {
    Tensor j = Tensor.matrix(new double[][] {{0, 0, 6}, {0, 6, 0}, {6, 0, 0}});
    return add(x, constant(j));
  }

  /** X + 6·I: diagonally dominant for 3×3 entries in [−2, 2], so far from singular. */
  private static Expr wellConditioned(Expr x) {
    return add(x, mul(constant(6), eye(3)));
  }

  /** The backprop graph as built: each op's derivative rules alone. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void rawGradientMatchesFiniteDifferences(Row row) {
    check(row, false, true);
  }

  /** The simplified gradient that {@code loss.gradient(...)} returns. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void simplifiedGradientMatchesFiniteDifferences(Row row) {
    check(row, false, false);
  }

  /**
   * Second order: the gradient's own derivative rules, checked through {@code L₂ = Σₖ cₖ ⊙ ∂L/∂vₖ}
   * against finite differences of {@code L₂} (so every rule's gradient expression is itself
   * differentiated), raw and simplified.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void rawGradientOfTheRawGradientMatchesFiniteDifferences(Row row) {
    check(row, true, true);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void gradientOfTheGradientMatchesFiniteDifferences(Row row) {
    check(row, true, false);
  }

  private static void check(Row row, boolean secondOrder, boolean raw) {
    Random random = new Random(row.name().hashCode());
    List<Variable> vars = new ArrayList<>();
    for (int i = 0; i < row.inputs().size(); i++) {
      vars.add(Variable.of(String.valueOf((char) ('a' + i)), row.inputs().get(i).shape()));
    }
    Expr out = row.build().apply(vars);
    assertThat(Graph.topologicalOrder(List.of(out)))
        .as("the expression of row %s contains a %s node", row, row.covers().getSimpleName())
        .anyMatch(e -> e.op().getClass() == row.covers());
    Tensor weights = Tensor.randomNormal(out.shape(), random);
    Expr loss = sum(mul(constant(weights), out));
    // stop-gradient: finite differences see through it, so only the unstopped variable is checked.
    List<Variable> differentiated = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      if (row.inputs().get(i).domain() != Domain.CLASS_INDEX) {
        differentiated.add(vars.get(i));
      }
    }
    Variable[] wrt =
        row.covers() == StopGradient.class
            ? new Variable[] {vars.get(0)}
            : differentiated.toArray(new Variable[0]);
    if (secondOrder) {
      Expr total = constant(0);
      for (Expr g : (raw ? Gradients.raw(loss, wrt) : Gradients.of(loss, wrt)).list()) {
        total = add(total, sum(mul(constant(Tensor.randomNormal(g.shape(), random)), g)));
      }
      loss = total;
    }
    for (int point = 0; point < 2; point++) {
      Bindings bindings = Bindings.of();
      for (int i = 0; i < vars.size(); i++) {
        Input input = row.inputs().get(i);
        double[] values = new double[input.shape().size()];
        for (int j = 0; j < values.length; j++) {
          values[j] = input.domain().sample(random);
        }
        bindings = bindings.with(vars.get(i), Tensor.of(input.shape(), values));
      }
      GradientCheck check = GradientCheck.of(loss).withRespectTo(wrt);
      GradientCheckReport report = (raw ? check.withRawGradients() : check).at(bindings);
      assertThat(report.passed()).as("%s", report).isTrue();
      assertThat(report.kinkCount()).as("kinks at a random point:%n%s", report).isZero();
    }
  }

  @Test
  void stopGradientBlocksTheGradientOfItsOperand() {
    Variable x = Variable.of("x", 3);
    Expr loss = sum(stopGradient(x).times(x));
    Tensor value = Tensor.vector(1, -2, 3);
    // d/dx Σ c ⊙ x with c = x held fixed is c = x, not 2x
    assertThat(loss.gradient(x).of(x).eval(Bindings.of("x", value))).isEqualTo(value);
    assertThat(sum(stopGradient(x)).gradient(x).of(x).eval(Bindings.of("x", value)).isAllZero())
        .isTrue();
  }

  @Test
  void everyOpClassHasARow() throws IOException {
    Set<String> covered =
        rows().map(r -> r.covers().getName()).collect(Collectors.toCollection(TreeSet::new));
    Set<String> missing = new TreeSet<>();
    int found = 0;
    for (ClassPath.ClassInfo info :
        ClassPath.from(Op.class.getClassLoader()).getTopLevelClasses(Op.class.getPackageName())) {
      Class<?> c = info.load();
      boolean concreteOp =
          Op.class.isAssignableFrom(c)
              && !c.isInterface()
              && !Modifier.isAbstract(c.getModifiers());
      boolean leaf = c == VariableOp.class || c == ConstantOp.class;
      found += concreteOp && !leaf ? 1 : 0;
      if (concreteOp && !leaf && !covered.contains(c.getName())) {
        missing.add(c.getSimpleName());
      }
    }
    assertThat(found).as("concrete op classes found on the class path").isGreaterThan(30);
    assertThat(missing).as("op classes without a row in the gradient table").isEmpty();
  }
}
