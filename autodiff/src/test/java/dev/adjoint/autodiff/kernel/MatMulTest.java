package dev.adjoint.autodiff.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MatMulTest {

  @ParameterizedTest(name = "{0}×{1} · {1}×{2}")
  @CsvSource({
    "1, 1, 1",
    "2, 3, 4",
    "31, 32, 32", // below the EJML threshold
    "32, 32, 32",
    "40, 50, 30",
    "1, 2000, 20",
    "64, 3, 200" // at or above it
  })
  void productEqualsThePlainTripleLoop(int m, int k, int n) {
    Random r = new Random(m * 10007L + k * 101L + n);
    double[] a = new double[m * k];
    double[] b = new double[k * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextGaussian();
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = r.nextGaussian();
    }
    double[] c = new double[m * n];
    java.util.Arrays.fill(c, Double.NaN); // the kernel overwrites, never accumulates
    MatMul.multiply(a, b, c, m, k, n);
    boolean large = (long) m * k * n >= MatMul.EJML_THRESHOLD;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double expected = 0;
        for (int p = 0; p < k; p++) {
          expected += a[i * k + p] * b[p * n + j];
        }
        assertThat(c[i * n + j])
            .as("C[%s, %s] (%s)", i, j, large ? "EJML" : "loop")
            .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12 * Math.max(1, k)));
      }
    }
  }

  private static double[] random(Random r, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextGaussian();
    }
    return v;
  }

  private static double[] loop(double[] a, double[] b, int m, int k, int n) {
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        for (int p = 0; p < k; p++) {
          c[i * n + j] += a[i * k + p] * b[p * n + j];
        }
      }
    }
    return c;
  }

  @Test
  void squareOfAMatrixMayPassOneArrayTwice() {
    double[] a = random(new Random(3), 40 * 40);
    double[] c = new double[40 * 40];
    MatMul.multiply(a, a, c, 40, 40, 40);
    double[] expected = loop(a, a, 40, 40, 40);
    for (int i = 0; i < c.length; i++) {
      assertThat(c[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-11));
    }
  }

  @Test
  void twoThreadsMultiplyingLargeMatricesDoNotInterfere() throws Exception {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
      for (int t = 0; t < 2; t++) {
        long seed = t;
        results.add(
            pool.submit(
                () -> {
                  Random r = new Random(seed);
                  int m = 40 + (int) seed;
                  int k = 50;
                  int n = 30 - (int) seed;
                  for (int round = 0; round < 50; round++) {
                    double[] a = random(r, m * k);
                    double[] b = random(r, k * n);
                    double[] c = new double[m * n];
                    MatMul.multiply(a, b, c, m, k, n);
                    double[] expected = loop(a, b, m, k, n);
                    for (int i = 0; i < c.length; i++) {
                      if (Math.abs(c[i] - expected[i]) > 1e-10) {
                        return false;
                      }
                    }
                  }
                  return true;
                }));
      }
      for (java.util.concurrent.Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void outputMayNotAliasAnInput() {
    double[] a = new double[4];
    assertThatThrownBy(() -> MatMul.multiply(a, new double[4], a, 2, 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("aliases");
  }
}
