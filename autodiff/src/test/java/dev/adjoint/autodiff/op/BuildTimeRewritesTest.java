package dev.adjoint.autodiff.op;

import static dev.adjoint.autodiff.Exprs.add;
import static dev.adjoint.autodiff.Exprs.constant;
import static dev.adjoint.autodiff.Exprs.div;
import static dev.adjoint.autodiff.Exprs.log;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.neg;
import static dev.adjoint.autodiff.Exprs.pow;
import static dev.adjoint.autodiff.Exprs.stopGradient;
import static dev.adjoint.autodiff.Exprs.sub;
import static dev.adjoint.autodiff.Exprs.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.primitives.Ints;
import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Constant;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.NonFiniteException;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The identities {@code Expr.apply} applies as nodes are built ({@code Op.rewrite}) keep every
 * value, non-finite ones included, on shapes where a wrong broadcast or axis would show; and the
 * domain-extending ones ({@code x·0 → 0}, {@code 0/y → 0}, {@code x^0 → 1}, {@code y − y → 0},
 * {@code x/x → 1}) are not applied, so the expression as written is what is evaluated and checked.
 *
 * <p>The reference for each rewrite is the same op evaluated by its kernel: the constant operand is
 * replaced by a variable bound to the same tensor, or a {@code stop_gradient} (the identity in
 * value) is put between two ops, so no rewrite applies to it.
 */
class BuildTimeRewritesTest {
  private static final int N = 3;

  /** Shapes where a wrong broadcast shows: scalars, vectors, square and cubic, size 1 and 0. */
  static Stream<Shape> shapes() {
    return Stream.of(
        Shape.scalar(),
        Shape.of(1),
        Shape.of(N),
        Shape.of(N, N),
        Shape.of(N, 1),
        Shape.of(1, N),
        Shape.of(N, N, N),
        Shape.of(N, 1, N),
        Shape.of(0),
        Shape.of(N, 0));
  }

  /** Values with signed zeros, infinities and NaN among ordinary numbers. */
  private static Tensor values(Shape shape, Random random) {
    double[] special = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
    double[] data = new double[shape.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] =
          random.nextInt(4) == 0
              ? special[random.nextInt(special.length)]
              : Math.round(random.nextGaussian() * 100) / 10.0;
    }
    return Tensor.of(shape, data);
  }

  /** Equal elementwise, NaN equal to NaN (so a NaN that disappears or appears shows). */
  private static void assertSameValues(Tensor actual, Tensor expected, String what) {
    assertThat(actual.shape()).as(what).isEqualTo(expected.shape());
    for (int i = 0; i < actual.size(); i++) {
      double a = actual.getFlat(i);
      double e = expected.getFlat(i);
      assertThat(a == e || (Double.isNaN(a) && Double.isNaN(e)))
          .as("%s: element %d is %s, expected %s", what, i, a, e)
          .isTrue();
    }
  }

  private record Identity(String name, BinaryOperator<Expr> op, double constant, boolean left) {}

  private static final List<Identity> IDENTITIES =
      List.of(
          new Identity("x + 0", Exprs::add, 0, false),
          new Identity("0 + x", Exprs::add, 0, true),
          new Identity("x − 0", Exprs::sub, 0, false),
          new Identity("0 − x", Exprs::sub, 0, true),
          new Identity("x·1", Exprs::mul, 1, false),
          new Identity("1·x", Exprs::mul, 1, true),
          new Identity("x/1", Exprs::div, 1, false),
          new Identity("x^1", Exprs::pow, 1, false));

  @ParameterizedTest(name = "x of shape {0}")
  @MethodSource("shapes")
  void identitiesWithZeroAndOneKeepEveryValueAndShape(Shape xShape) {
    Random random = new Random(xShape.hashCode());
    Variable x = Variable.of("x", xShape.dims());
    Bindings at = Bindings.of("x", values(xShape, random));
    for (Identity identity : IDENTITIES) {
      for (Shape cShape : shapes().toList()) {
        Tensor c = Tensor.full(cShape, identity.constant());
        Variable cVariable = Variable.of("c", cShape.dims());
        Expr rewritten;
        Expr reference;
        try {
          rewritten = build(identity, x, Constant.of(c));
          reference = build(identity, x, cVariable);
        } catch (IllegalArgumentException e) {
          continue; // the shapes do not broadcast
        }
        String what = identity.name() + " with x " + xShape + ", constant " + cShape;
        assertThat(rewritten.shape()).as(what).isEqualTo(reference.shape());
        assertSameValues(
            rewritten.eval(at), reference.eval(at.with(cVariable, c)), what + ": " + rewritten);
      }
    }
  }

  private static Expr build(Identity identity, Expr x, Expr c) {
    return identity.left() ? identity.op().apply(c, x) : identity.op().apply(x, c);
  }

  @ParameterizedTest(name = "x of shape {0}")
  @MethodSource("shapes")
  void shapeIdentitiesKeepEveryValue(Shape xShape) {
    Random random = new Random(31 + xShape.hashCode());
    Variable x = Variable.of("x", xShape.dims());
    Tensor value = values(xShape, random);
    Bindings at = Bindings.of("x", value);
    Expr barrier = stopGradient(x);
    int rank = xShape.rank();

    assertSameValues(neg(neg(x)).eval(at), value, "−(−x)");
    assertThat(neg(neg(x))).isSameAs(x);

    // a permutation of a permutation, against the two applied one after the other
    for (int trial = 0; trial < 4 && rank >= 2; trial++) {
      int[] p = permutation(rank, random);
      int[] q = permutation(rank, random);
      Expr composed = Exprs.permute(Exprs.permute(x, p), q);
      Expr stepwise = Exprs.permute(stopGradient(Exprs.permute(x, p)), q);
      assertSameValues(
          composed.eval(at),
          stepwise.eval(at),
          "permute " + Ints.join(",", p) + " then " + Ints.join(",", q));
    }

    // reshape of a reshape, and to the same shape
    int size = xShape.size();
    int[] flat = {size};
    int[] column = {size, 1};
    assertSameValues(
        Exprs.reshape(Exprs.reshape(x, flat), column).eval(at),
        Exprs.reshape(stopGradient(Exprs.reshape(x, flat)), column).eval(at),
        "reshape of reshape");
    assertThat(Exprs.reshape(x, xShape.dims())).isSameAs(x);

    // broadcast of a broadcast: a new leading axis, then size-1 axes expanded
    int[] once = new int[rank + 1];
    once[0] = N;
    System.arraycopy(xShape.dims(), 0, once, 1, rank);
    int[] twice = once.clone();
    for (int a = 1; a < twice.length; a++) {
      twice[a] = twice[a] == 1 ? N : twice[a];
    }
    int[] thrice = new int[twice.length + 1];
    thrice[0] = 2;
    System.arraycopy(twice, 0, thrice, 1, twice.length);
    assertSameValues(
        Exprs.broadcastTo(Exprs.broadcastTo(x, once), thrice).eval(at),
        Exprs.broadcastTo(stopGradient(Exprs.broadcastTo(barrier, once)), thrice).eval(at),
        "broadcast of broadcast");

    // where(c, a, a) is a only when a already has the result's shape
    Variable c = Variable.of("c", N, N, N);
    if (!xShape.broadcastsTo(c.shape())) {
      return;
    }
    Bindings withMask = at.with(c, Tensor.randomUniform(Shape.of(N, N, N), -1, 1, random));
    Expr where = Exprs.where(c, x, x);
    assertThat(where.shape()).isEqualTo(Shape.broadcast(Shape.of(N, N, N), xShape));
    assertSameValues(
        where.eval(withMask),
        Exprs.where(c, x, barrier).eval(withMask),
        "where(c, x, x) with c " + c.shape());

    // reductions of a scalar are the scalar
    if (rank == 0) {
      for (Expr reduced :
          List.of(sum(x), Exprs.mean(x), Exprs.max(x), Exprs.min(x), Exprs.logsumexp(x))) {
        assertThat(reduced).as("%s", reduced).isSameAs(x);
      }
    }
  }

  private static int[] permutation(int rank, Random random) {
    List<Integer> axes = new ArrayList<>();
    for (int a = 0; a < rank; a++) {
      axes.add(a);
    }
    Collections.shuffle(axes, random);
    return Ints.toArray(axes);
  }

  @Test
  void wholeSlicesAndSingleConcatenationsAreTheOperand() {
    Variable x = Variable.of("x", N, N, N);
    assertThat(Exprs.slice(x, dev.adjoint.autodiff.Index.all())).isSameAs(x);
    assertThat(Exprs.concat(1, x)).isSameAs(x);
    Variable empty = Variable.of("e", N, 0);
    assertThat(Exprs.slice(empty, dev.adjoint.autodiff.Index.range(0, N))).isSameAs(empty);
  }

  @Test
  void domainExtendingIdentitiesKeepTheirOperands() {
    Variable x = Variable.of("x", N, N);
    Variable y = Variable.of("y", N);
    List<Expr> asWritten =
        List.of(
            mul(x, constant(0)),
            mul(constant(0), x),
            mul(x, Constant.zeros(Shape.of(N))),
            div(constant(0), x),
            pow(x, constant(0)),
            pow(x, Constant.zeros(Shape.of(N, N))),
            sub(x, x),
            div(x, x),
            mul(sub(y, y), log(y)));
    for (Expr e : asWritten) {
      assertThat(e.isConstant()).as("%s was folded to a constant", e).isFalse();
      List<Expr> nodes = Graph.topologicalOrder(List.of(e));
      assertThat(nodes.contains(x) || nodes.contains(y)).as("%s keeps its variable", e).isTrue();
    }
    assertThat(Program.compile(x.times(0)).variables()).containsExactly(x);
  }

  @Test
  void aNaNInTheExpressionAsWrittenIsStillSeenByCheckedEvaluation() {
    Variable y = Variable.of("y");
    Expr e = mul(sub(y, y), log(y)); // (y − y)·log(y): 0·(−∞) = NaN at y = 0
    Bindings atZero = Bindings.of("y", Tensor.scalar(0));

    assertThat(e.eval(atZero).item()).isNaN();
    assertThatThrownBy(() -> Program.compile(e).checkingFinite().run(atZero))
        .isInstanceOf(NonFiniteException.class)
        .hasMessageContaining("log");

    Variable x = Variable.of("x");
    Bindings infinite = Bindings.of("x", Tensor.scalar(Double.POSITIVE_INFINITY));
    assertThat(x.times(0).eval(infinite).item()).isNaN();
    assertThat(div(constant(0), x).eval(Bindings.of("x", Tensor.scalar(0))).item()).isNaN();
  }

  @Test
  void theGradientOfAnExpressionTimesZeroIsAStructuralZero() {
    Variable x = Variable.of("x", N, N);
    Expr loss = sum(mul(Exprs.exp(x), constant(0)));

    for (Gradients g : List.of(Gradients.raw(loss, x), Gradients.of(loss, x))) {
      assertThat(Exprs.isZero(g.of(x))).as("%s", g).isTrue();
    }
    // x⁰: its derivative 0·x^(−1) would be NaN at x = 0; the gradient is a structural zero
    Expr power = sum(pow(x, constant(0)));
    Expr gradient = Gradients.raw(power, x).of(x);
    assertThat(Exprs.isZero(gradient)).isTrue();
    assertThat(gradient.eval(Bindings.of("x", Tensor.zeros(N, N))).isAllZero()).isTrue();
    // 0/y: the derivative −0/y² is a structural zero too
    Variable s = Variable.of("s");
    assertThat(Exprs.isZero(Gradients.raw(div(constant(0), s), s).of(s))).isTrue();
  }

  @Test
  void xTimesZeroCanBeDifferentiatedAtAPoint() {
    Variable x = Variable.of("x");
    Expr loss = x.times(0);
    Gradients g = loss.gradient(x);
    Bindings at = Bindings.of("x", Tensor.scalar(1));

    assertThat(g.output().eval(at).item()).isEqualTo(0);
    assertThat(g.of(x).eval(at).item()).isEqualTo(0);
    assertThat(Program.compile(g.output(), g.of(x)).variables()).contains(x);
    assertThat(add(x, constant(0))).isSameAs(x);
  }
}
