package dev.adjoint.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Factories called with random shapes, axes and indices: building may fail only with an {@link
 * IllegalArgumentException} (usually {@link ShapeMismatchException}); whatever builds also
 * evaluates and differentiates without any exception at all.
 */
class FactoryFuzzTest {

  private static Shape randomShape(Random r) {
    int rank = r.nextInt(4);
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = r.nextInt(10) == 0 ? 0 : 1 + r.nextInt(3);
    }
    return Shape.of(dims);
  }

  private static int axis(Random r) {
    return r.nextInt(9) - 4;
  }

  private static int[] axes(Random r) {
    int[] a = new int[r.nextInt(3)];
    for (int i = 0; i < a.length; i++) {
      a[i] = axis(r);
    }
    return a;
  }

  private static Index index(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> Index.at(r.nextInt(9) - 4);
      case 1 -> Index.all();
      case 2 -> Index.range(r.nextInt(9) - 4, r.nextInt(9) - 4);
      default -> {
        int step = r.nextInt(7) - 3;
        yield Index.range(
            r.nextBoolean() ? null : r.nextInt(9) - 4,
            r.nextBoolean() ? null : r.nextInt(9) - 4,
            step == 0 ? 2 : step);
      }
    };
  }

  private static Expr build(Random r, Variable a, Variable b, Variable c) {
    int[] dims = randomShape(r).dims();
    return switch (r.nextInt(22)) {
      case 0 -> Exprs.add(a, b);
      case 1 -> Exprs.div(a, b);
      case 2 -> Exprs.pow(Exprs.abs(a), b);
      case 3 -> Exprs.matmul(a, b);
      case 4 -> Exprs.dot(a, b);
      case 5 -> Exprs.where(Exprs.gt(a, b), b, c);
      case 6 -> Exprs.transpose(a);
      case 7 -> Exprs.permute(a, axes(r));
      case 8 -> Exprs.reshape(a, dims);
      case 9 -> Exprs.broadcastTo(a, dims);
      case 10 -> Exprs.sumTo(a, Shape.of(dims));
      case 11 -> Exprs.slice(a, index(r), index(r));
      case 12 -> Exprs.at(a, r.nextInt(7) - 3);
      case 13 -> Exprs.concat(axis(r), a, b);
      case 14 -> Exprs.sum(a, axes(r));
      case 15 -> Exprs.mean(a, r.nextBoolean(), axes(r));
      case 16 -> Exprs.max(a, axes(r));
      case 17 -> Exprs.min(a, axes(r));
      case 18 -> Exprs.logsumexp(a, axis(r));
      case 19 -> Exprs.softmax(a, axis(r));
      case 20 -> Exprs.logSoftmax(a, axis(r));
      default -> Exprs.sum(a, r.nextBoolean(), axes(r));
    };
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void onlyIllegalArgumentExceptionsEscape(long seed) {
    Random r = new Random(seed);
    int built = 0;
    for (int trial = 0; trial < 400; trial++) {
      Variable a = Variable.of("a", randomShape(r));
      Variable b = Variable.of("b", r.nextInt(3) == 0 ? a.shape() : randomShape(r));
      Variable c = Variable.of("c", randomShape(r));
      Expr e;
      try {
        e = build(r, a, b, c);
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).as("message of %s", expected).isNotBlank();
        continue;
      } catch (RuntimeException | Error unexpected) {
        throw new AssertionError(
            "building with a " + a.shape() + ", b " + b.shape() + " threw " + unexpected,
            unexpected);
      }
      built++;
      Bindings at =
          Bindings.of(
              "a", Tensor.randomNormal(a.shape(), r),
              "b", Tensor.randomNormal(b.shape(), r),
              "c", Tensor.randomNormal(c.shape(), r));
      String what = "evaluating " + e + " with a " + a.shape() + ", b " + b.shape();
      run(what, () -> e.eval(at));
      run(
          "differentiating " + what,
          () -> Exprs.sum(e).gradient(a, b, c).list().stream().map(g -> g.eval(at)).toList());
    }
    assertThat(built).as("expressions that built").isGreaterThan(50);
  }

  private static void run(String what, Supplier<?> action) {
    try {
      action.get();
    } catch (RuntimeException | Error e) {
      fail(what + " threw " + e, e);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13})
  void tensorAndShapeFactoriesRejectBadInputCleanly(long seed) {
    Random r = new Random(seed);
    List<Supplier<?>> attempts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      int[] dims = new int[r.nextInt(10)];
      for (int k = 0; k < dims.length; k++) {
        dims[k] = r.nextInt(7) - 2;
      }
      int[] index = new int[r.nextInt(4)];
      for (int k = 0; k < index.length; k++) {
        index[k] = r.nextInt(7) - 3;
      }
      double[] values = new double[r.nextInt(5)];
      attempts.add(() -> Shape.of(dims));
      attempts.add(() -> Tensor.zeros(dims).get(index));
      attempts.add(() -> Tensor.of(Shape.of(dims), values));
      attempts.add(() -> Tensor.vector(values).reshape(dims));
      attempts.add(() -> Shape.of(dims).offset(index));
      attempts.add(() -> Variable.of(r.nextBoolean() ? "x" : "1x", dims));
      attempts.add(() -> Index.range(index.length > 0 ? index[0] : null, null, r.nextInt(3) - 1));
    }
    for (Supplier<?> attempt : attempts) {
      try {
        attempt.get();
      } catch (IllegalArgumentException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      } catch (RuntimeException | Error unexpected) {
        throw new AssertionError("unexpected " + unexpected, unexpected);
      }
    }
  }
}
