package dev.adjoint.autodiff.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Products split into row blocks over the kernel's worker threads: the same bits as the documented
 * sequential {@code fma} chain for every thread count (square sizes, odd sizes, blocks of unequal
 * height, all four transpose flags), with several callers at once, and a block's failure reported
 * on the caller.
 */
class RowBlocksTest {
  @ParameterizedTest(name = "{0}×{1} · {1}×{2}")
  @CsvSource({
    "128, 128, 128", // square, even blocks
    "103, 103, 103", // square and odd: blocks of 51/52, 34/34/35, …
    "33, 250, 131", // 4 blocks of 8, 8, 8, 9 rows
    "257, 64, 64", // tall, odd
  })
  void splitProductsEqualTheFmaChainForEveryThreadCount(int m, int k, int n) {
    assertThat((long) m * k * n).isGreaterThanOrEqualTo(MatMul.PARALLEL_THRESHOLD);
    for (boolean transA : new boolean[] {false, true}) {
      for (boolean transB : new boolean[] {false, true}) {
        Random random = new Random(m * 31L + k * 7L + n + (transA ? 1 : 0) + (transB ? 2 : 0));
        double[] a = random(random, m * k);
        double[] b = random(random, k * n);
        double[] expected = fmaChain(a, transA, b, transB, m, k, n);
        for (int threads : new int[] {1, 2, 3, 4, 7}) {
          double[] c = new double[m * n];
          MatMul.multiply(a, transA, b, transB, c, m, k, n, threads);
          assertThat(c)
              .as(
                  "%s%s·%s%s, %d×%d·%d×%d on %d threads",
                  "A", transA ? "ᵀ" : "", "B", transB ? "ᵀ" : "", m, k, k, n, threads)
              .isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void rowStartsCoverTheRowsInNearlyEqualBlocks() {
    assertThat(RowBlocks.rowStart(33, 4, 0)).isZero();
    assertThat(RowBlocks.rowStart(33, 4, 1)).isEqualTo(8);
    assertThat(RowBlocks.rowStart(33, 4, 2)).isEqualTo(16);
    assertThat(RowBlocks.rowStart(33, 4, 3)).isEqualTo(24);
    assertThat(RowBlocks.rowStart(33, 4, 4)).isEqualTo(33);
  }

  /** More callers than workers: blocks no worker is free for run on their caller, unchanged. */
  @Test
  void severalCallersAtOnceGetExactProducts() throws Exception {
    int m = 72;
    int k = 160;
    int n = 97;
    ExecutorService callers = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        long seed = t;
        results.add(
            callers.submit(
                () -> {
                  Random random = new Random(seed);
                  for (int round = 0; round < 15; round++) {
                    double[] a = random(random, m * k);
                    double[] b = random(random, k * n);
                    double[] c = new double[m * n];
                    MatMul.multiply(a, false, b, round % 2 == 1, c, m, k, n, 3);
                    if (!java.util.Arrays.equals(
                        c, fmaChain(a, false, b, round % 2 == 1, m, k, n))) {
                      return "caller " + seed + ", round " + round;
                    }
                  }
                  return null;
                }));
      }
      for (Future<String> result : results) {
        assertThat(result.get()).as("first wrong product").isNull();
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void aBlockThatFailsOnAWorkerIsReportedOnTheCallerAndTheWorkersStayUsable() {
    int m = 64;
    int k = 128;
    int n = 128;
    Random random = new Random(5);
    double[] a = random(random, m * k);
    double[] b = random(random, k * n);
    double[] tooShort = new double[m / 2 * n]; // room for block 0 only
    assertThatThrownBy(() -> RowBlocks.multiply(a, k, 1, b, n, 1, tooShort, m, k, n, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
    double[] c = new double[m * n];
    MatMul.multiply(a, false, b, false, c, m, k, n, 2);
    assertThat(c).isEqualTo(fmaChain(a, false, b, false, m, k, n));
  }

  /** {@code C[i, j] = fma(A[i, k−1], B[k−1, j], … fma(A[i, 0], B[0, j], 0))}. */
  private static double[] fmaChain(
      double[] a, boolean transA, double[] b, boolean transB, int m, int k, int n) {
    double[] c = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          double aip = transA ? a[p * m + i] : a[i * k + p];
          double bpj = transB ? b[j * k + p] : b[p * n + j];
          s = Math.fma(aip, bpj, s);
        }
        c[i * n + j] = s;
      }
    }
    return c;
  }

  private static double[] random(Random r, int size) {
    double[] v = new double[size];
    for (int i = 0; i < size; i++) {
      v[i] = r.nextGaussian();
    }
    return v;
  }
}
