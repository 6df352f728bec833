package dev.adjoint.demos.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.adjoint.autodiff.Shape;
import org.junit.jupiter.api.Test;

class TwoMoonsTest {

  @Test
  void sameSeedSamePoints() {
    assertThat(TwoMoons.generate(50, 0.1, 7)).isEqualTo(TwoMoons.generate(50, 0.1, 7));
    assertThat(TwoMoons.generate(50, 0.1, 7)).isNotEqualTo(TwoMoons.generate(50, 0.1, 8));
  }

  @Test
  void noiselessPointsLieOnTheirMoons() {
    TwoMoons moons = TwoMoons.generate(40, 0, 3);
    assertThat(moons.points().shape()).isEqualTo(Shape.of(40, 2));
    for (int i = 0; i < moons.size(); i++) {
      double x = moons.points().get(i, 0);
      double y = moons.points().get(i, 1);
      if (moons.labels().get(i) == 0) {
        assertThat(Math.hypot(x, y)).isCloseTo(1, within(1e-12));
        assertThat(y).isGreaterThanOrEqualTo(0);
      } else {
        assertThat(Math.hypot(x - 1, y - 0.5)).isCloseTo(1, within(1e-12));
        assertThat(y).isLessThanOrEqualTo(0.5);
      }
    }
  }

  @Test
  void classesAreBalanced() {
    TwoMoons moons = TwoMoons.generate(101, 0.2, 1);
    double ones = 0;
    for (int i = 0; i < moons.size(); i++) {
      ones += moons.labels().get(i);
    }
    assertThat(ones).isEqualTo(50);
  }
}
