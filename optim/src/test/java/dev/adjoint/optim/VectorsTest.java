package dev.adjoint.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VectorsTest {

  @Test
  void normsAndProducts() {
    double[] a = {3, -4};
    double[] b = {1, 2};

    assertThat(Vectors.dot(a, b)).isEqualTo(-5);
    assertThat(Vectors.norm2(a)).isEqualTo(5);
    assertThat(Vectors.normInf(a)).isEqualTo(4);
    assertThat(Vectors.normInf(new double[] {1, Double.NaN})).isNaN();
    assertThat(Vectors.distanceInf(a, b)).isEqualTo(6);
    double[] y = b.clone();
    Vectors.axpy(2, a, y);
    assertThat(y).containsExactly(7, -6);
    double[] target = new double[2];
    Vectors.addScaled(a, 0.5, b, target);
    assertThat(target).containsExactly(3.5, -3);
    assertThat(Vectors.allFinite(a)).isTrue();
    assertThat(Vectors.allFinite(new double[] {Double.POSITIVE_INFINITY})).isFalse();
  }

  @Test
  void symmetrizeAveragesTheOffDiagonal() {
    double[] m = {1, 2, 4, 3};

    Vectors.symmetrize(m, 2);

    assertThat(m).containsExactly(1, 3, 3, 3);
  }

  @Test
  void mismatchedLengthsAreIllegalArguments() {
    assertThatThrownBy(() -> Vectors.dot(new double[2], new double[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different lengths");
    assertThatThrownBy(() -> Vectors.symmetrize(new double[3], 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OptimizerState.builder("m").vector(null, new double[1]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OptimizerState.builder("m").scalar("a", 1).scalar("a", 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate");
  }
}
