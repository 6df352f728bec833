package dev.adjoint.autodiff.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ToleranceTest {
  @Test
  void boundIsAbsolutePlusRelativeToTheLargerMagnitude() {
    Tolerance t = Tolerance.of(1e-3, 1e-6);
    assertThat(t.bound(2, -4)).isEqualTo(1e-6 + 4e-3);
    assertThat(t.accepts(1000, 1000.9)).isTrue();
    assertThat(t.accepts(1000, 1001.5)).isFalse();
    assertThat(t.accepts(Double.NaN, 1)).isFalse();
    assertThat(Tolerance.relative(0).accepts(3, 3)).isTrue();
    assertThat(Tolerance.relative(1e-10).orAbsolute(1e-12).toString())
        .isEqualTo("relative 1.0E-10 + absolute 1.0E-12");
  }

  @Test
  void negativeOrNonFiniteTolerancesAreRejected() {
    assertThatThrownBy(() -> Tolerance.relative(-1)).hasMessageContaining("relative tolerance -1");
    assertThatThrownBy(() -> Tolerance.absolute(Double.NaN)).hasMessageContaining("absolute");
  }
}
