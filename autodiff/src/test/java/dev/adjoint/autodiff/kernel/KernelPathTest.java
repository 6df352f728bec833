package dev.adjoint.autodiff.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The build runs the kernel tests twice: without JVM flags (the pure-Java kernel) and with {@code
 * --add-modules jdk.incubator.vector} and {@code -Dadjoint.test.vectorApi=true} (the Vector API
 * kernel). This checks that each run tests the path it is meant to, so that a silent fallback to
 * the pure-Java kernel cannot pass for a tested Vector API path.
 */
class KernelPathTest {
  @Test
  void theKernelPathIsTheOneThisTestRunIsFor() {
    boolean expected = Boolean.getBoolean("adjoint.test.vectorApi");
    assertThat(MatMul.vectorApi())
        .as("Vector API kernel in use (module present: %s)", moduleInBootLayer())
        .isEqualTo(expected);
    assertThat(moduleInBootLayer()).isEqualTo(expected);
  }

  private static boolean moduleInBootLayer() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }
}
