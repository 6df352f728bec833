package dev.adjoint.optim.firstorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  @Test
  void constantNeverChanges() {
    LearningRateSchedule schedule = LearningRateSchedule.constant(0.1);

    assertThat(schedule.rate(0)).isEqualTo(0.1);
    assertThat(schedule.rate(1_000_000)).isEqualTo(0.1);
  }

  @Test
  void stepDecaysEveryStepSizeUpdates() {
    LearningRateSchedule schedule = LearningRateSchedule.step(1, 10, 0.1);

    assertThat(schedule.rate(0)).isEqualTo(1);
    assertThat(schedule.rate(9)).isEqualTo(1);
    assertThat(schedule.rate(10)).isCloseTo(0.1, within(1e-16));
    assertThat(schedule.rate(25)).isCloseTo(0.01, within(1e-16));
  }

  @Test
  void exponentialMultipliesByGammaEachUpdate() {
    LearningRateSchedule schedule = LearningRateSchedule.exponential(2, 0.5);

    assertThat(schedule.rate(0)).isEqualTo(2);
    assertThat(schedule.rate(3)).isEqualTo(0.25);
  }

  @Test
  void cosineAnnealsFromTheRateToTheMinimum() {
    LearningRateSchedule schedule = LearningRateSchedule.cosine(1, 100, 0.1);

    assertThat(schedule.rate(0)).isEqualTo(1);
    assertThat(schedule.rate(50)).isCloseTo(0.55, within(1e-15));
    assertThat(schedule.rate(100)).isCloseTo(0.1, within(1e-15));
    assertThat(schedule.rate(500)).isCloseTo(0.1, within(1e-15));
  }

  @Test
  void inverseTimeDecaysAsOneOverT() {
    LearningRateSchedule schedule = LearningRateSchedule.inverseTime(1, 0.5);

    assertThat(schedule.rate(0)).isEqualTo(1);
    assertThat(schedule.rate(2)).isEqualTo(0.5);
    assertThat(schedule.rate(8)).isEqualTo(0.2);
  }

  @Test
  void rejectsInvalidParameters() {
    assertThatThrownBy(() -> LearningRateSchedule.constant(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("learning rate");
    assertThatThrownBy(() -> LearningRateSchedule.step(1, 0, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LearningRateSchedule.exponential(1, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LearningRateSchedule.cosine(1, 10, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LearningRateSchedule.inverseTime(1, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
