package dev.adjoint.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TensorTest {

  @Test
  void factoriesHaveTheirShapesAndValues() {
    assertThat(Tensor.scalar(2.5).shape()).isEqualTo(Shape.scalar());
    assertThat(Tensor.scalar(2.5).item()).isEqualTo(2.5);
    assertThat(Tensor.vector(1, 2, 3).shape()).isEqualTo(Shape.of(3));
    Tensor m = Tensor.matrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
    assertThat(m.shape()).isEqualTo(Shape.of(2, 3));
    assertThat(m.get(1, 0)).isEqualTo(4);
    assertThat(m.getFlat(5)).isEqualTo(6);
    assertThat(Tensor.of(Shape.of(2, 2), 1, 2, 3, 4).get(0, 1)).isEqualTo(2);
    assertThat(Tensor.zeros(2, 3).isAllZero()).isTrue();
    assertThat(Tensor.ones(Shape.of(4)).isAll(1)).isTrue();
    assertThat(Tensor.full(Shape.of(2), -7).toArray()).containsExactly(-7, -7);
    assertThat(Tensor.randomNormal(Shape.of(5), new Random(3)))
        .isEqualTo(Tensor.randomNormal(Shape.of(5), new Random(3)));
    Tensor u = Tensor.randomUniform(Shape.of(100), 2, 3, new Random(1));
    for (double v : u.toArray()) {
      assertThat(v).isBetween(2.0, 3.0);
    }
  }

  @Test
  void wrapAdoptsTheArrayWhileOtherFactoriesCopy() {
    double[] data = {1, 2, 3};
    Tensor wrapped = Tensor.wrap(Shape.of(3), data);
    Tensor copied = Tensor.of(Shape.of(3), data);
    Tensor vector = Tensor.vector(data);
    data[0] = 99;
    assertThat(wrapped.getFlat(0)).isEqualTo(99);
    assertThat(copied.getFlat(0)).isEqualTo(1);
    assertThat(vector.getFlat(0)).isEqualTo(1);
    double[] out = wrapped.toArray();
    out[1] = -1;
    assertThat(wrapped.getFlat(1)).isEqualTo(2);
  }

  @Test
  void reshapeKeepsTheElements() {
    Tensor t = Tensor.vector(1, 2, 3, 4, 5, 6).reshape(2, 3);
    assertThat(t.get(1, 2)).isEqualTo(6);
    assertThat(t.reshape(3, 2).get(2, 0)).isEqualTo(5);
    assertThatThrownBy(() -> t.reshape(4, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot reshape [2×3] (6 elements) to [4×2]");
  }

  @Test
  void badInputIsRejectedWithClearMessages() {
    assertThatThrownBy(() -> Tensor.matrix(new double[][] {{1, 2}, {3}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ragged matrix: row 1 has 1 values, row 0 has 2");
    assertThatThrownBy(() -> Tensor.of(Shape.of(2, 2), 1, 2, 3))
        .hasMessage("shape [2×2] needs 4 values but 3 were given");
    Tensor m = Tensor.zeros(2, 3);
    assertThatThrownBy(() -> m.get(2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("index [2, 0] is out of bounds for shape [2×3]");
    assertThatThrownBy(() -> m.get(0))
        .hasMessage("index [0] has 1 coordinates but shape [2×3] has rank 2");
    assertThatThrownBy(() -> m.getFlat(-1))
        .hasMessage("offset -1 is out of bounds for shape [2×3]");
    assertThatThrownBy(m::item).hasMessage("item() needs a single element, but the shape is [2×3]");
    assertThatThrownBy(() -> Tensor.randomUniform(Shape.of(1), 1, 1, new Random()))
        .hasMessage("empty range [1.0, 1.0)");
  }

  @Test
  void printsNestedBracketsAndElidesLongAxes() {
    assertThat(Tensor.scalar(2.5)).hasToString("2.5");
    assertThat(Tensor.scalar(3)).hasToString("3");
    assertThat(Tensor.vector(1, -2.5)).hasToString("[1, -2.5]");
    assertThat(Tensor.matrix(new double[][] {{1, 2}, {3, 4}})).hasToString("[[1, 2], [3, 4]]");
    assertThat(Tensor.zeros(1, 2, 1)).hasToString("[[[0], [0]]]");
    assertThat(Tensor.zeros(0)).hasToString("[]");
    double[] ten = new double[10];
    for (int i = 0; i < 10; i++) {
      ten[i] = i;
    }
    assertThat(Tensor.vector(ten)).hasToString("[0, 1, 2, …, 7, 8, 9]");
  }

  @Test
  void formatNumberReadsBackToTheSameDouble() {
    for (double v : new double[] {0, -0.0, 1, -3, 0.1, 1e-300, 1e15, 1e20, Math.PI, -1.0 / 3}) {
      assertThat(Double.parseDouble(Tensor.formatNumber(v))).isEqualTo(v);
    }
    assertThat(Tensor.formatNumber(2.0)).isEqualTo("2");
  }

  @Test
  void comparisons() {
    Tensor a = Tensor.vector(1, 2, 3);
    assertThat(a).isEqualTo(Tensor.vector(1, 2, 3)).hasSameHashCodeAs(Tensor.vector(1, 2, 3));
    assertThat(a).isNotEqualTo(Tensor.vector(1, 2, 3).reshape(3, 1));
    assertThat(a.maxAbsDifference(Tensor.vector(1, 2.5, 2))).isEqualTo(1);
    assertThat(a.maxAbsDifference(Tensor.vector(1, Double.NaN, 3))).isNaN();
    assertThat(a.isCloseTo(Tensor.vector(1, 2, 3 + 1e-9), 1e-6, 0)).isTrue();
    assertThat(a.isCloseTo(Tensor.vector(1, 2, 3.1), 1e-6, 0)).isFalse();
    assertThat(a.isCloseTo(a.reshape(1, 3), 1, 1)).isFalse();
    assertThat(
            Tensor.scalar(Double.POSITIVE_INFINITY)
                .isCloseTo(Tensor.scalar(Double.POSITIVE_INFINITY), 0, 0))
        .isTrue();
    assertThat(Tensor.scalar(Double.NaN).isFinite()).isFalse();
    assertThatThrownBy(() -> a.maxAbsDifference(Tensor.zeros(2)))
        .hasMessage("shapes differ: [3] and [2]");
  }
}
