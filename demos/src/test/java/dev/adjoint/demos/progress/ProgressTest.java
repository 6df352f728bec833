package dev.adjoint.demos.progress;

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
}
