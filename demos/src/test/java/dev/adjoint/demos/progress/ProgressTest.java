package dev.adjoint.demos.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

class ProgressTest {

  @Test
  void withoutAConsoleOrWhenSwitchedOffNothingIsDrawn() {
    // Tests run without a console, so both are silent; neither may fail.
    assertThatCode(
            () -> {
              try (Progress p = Progress.start("task", 10, true)) {
                p.update(5, "half");
              }
              try (Progress p = Progress.start("task", 10, false)) {
                p.update(10, "done");
              }
            })
        .doesNotThrowAnyException();
  }

  @Test
  void widthComesFromColumnsWithoutAskingTheTerminal() {
    assertThat(Progress.width(null)).isEqualTo(Progress.DEFAULT_WIDTH);
    assertThat(Progress.width("120")).isEqualTo(119);
    assertThat(Progress.width(" 40 ")).isEqualTo(39);
    assertThat(Progress.width("5")).isEqualTo(Progress.DEFAULT_WIDTH);
    assertThat(Progress.width("99999")).isEqualTo(Progress.DEFAULT_WIDTH);
    assertThat(Progress.width("wide")).isEqualTo(Progress.DEFAULT_WIDTH);
  }

  @Test
  void aLineShowsPercentBarCountTimeAndStatusWithinTheWidth() {
    String half = Progress.render("train", 50, 100, 65_000_000_000L, "f = 1.5", 80);
    assertThat(half)
        .startsWith("train  50% [")
        .endsWith("] 50/100 1:05 f = 1.5")
        .hasSizeLessThanOrEqualTo(80);
    String bar = half.substring(half.indexOf('[') + 1, half.indexOf(']'));
    assertThat(bar.chars().filter(c -> c == '█').count()).isEqualTo(bar.length() / 2);
    assertThat(Progress.render("t", 7, 3, 0, "", 80)).contains("100% ").contains("3/3");
    assertThat(Progress.render("a long task name", 1, 3, 0, "status ".repeat(30), 40)).hasSize(40);
  }
}
