package dev.adjoint.demos.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void padsColumnsAndRightAlignsNumbers() {
    String text =
        Table.withColumns("method", "iterations", "note")
            .row("SGD", 327, "slow")
            .row("L-BFGS", 35, "fast")
            .render("");
    assertThat(text.lines())
        .containsExactly(
            "method  iterations  note",
            "──────  ──────────  ────",
            "SGD            327  slow",
            "L-BFGS          35  fast");
  }

  @Test
  void rowMustFitTheColumns() {
    assertThatThrownBy(() -> Table.withColumns("a", "b").row(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 cells but the table has 2 columns");
  }

  @Test
  void numbersAreShort() {
    assertThat(Numbers.sig(0.0123456)).isEqualTo("0.01235");
    assertThat(Numbers.sig(1.5e-9)).isEqualTo("1.500e-09");
    assertThat(Numbers.sig(0)).isEqualTo("0");
    assertThat(Numbers.duration(1_500)).isEqualTo("2 µs");
    assertThat(Numbers.duration(14_200_000)).isEqualTo("14.2 ms");
    assertThat(Numbers.duration(3_050_000_000L)).isEqualTo("3.05 s");
    assertThat(Numbers.vector(new double[] {1, -0.5})).isEqualTo("[1.000, -0.5000]");
  }
}
