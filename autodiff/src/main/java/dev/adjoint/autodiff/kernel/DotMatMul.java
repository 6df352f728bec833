package dev.adjoint.autodiff.kernel;

/**
 * The matrix product for a few rows of C times a transposed B ({@code C = A·Bᵀ} with A of fewer
 * than {@value MatMul#DOT_ROWS} rows, as in a neuron's gradient {@code G·Xᵀ}): every element of C
 * is a dot product of a row of A with a row of B as stored, so B is read in its natural order and
 * never packed.
 *
 * <p>Packing a transposed B costs a scattered write per element of B; with so few rows of C to
 * reuse the panel it costs more than the product (at 1×64·64×64 the packed kernel took 3.8 µs, this
 * one 1.1 µs; measured in bench/README.md). Eight outputs are computed together so that eight
 * independent {@code fma} chains keep the FMA units busy.
 *
 * <p>Each element is the sequential chain {@code s = fma(A[i,p], B[p,j], s)} over {@code p = 0 …
 * k−1} from {@code s = 0}, as on every path of {@link MatMul}.
 */
final class DotMatMul {
  private DotMatMul() {}

  /**
   * {@code C[m×n] = A[m×k] · B[k×n]}, overwriting C, where {@code A[i, p] = a[i·ars + p·acs]} and B
   * is stored transposed: {@code B[p, j] = b[j·bcs + p]}.
   */
  static void multiply(
      double[] a, int ars, int acs, double[] b, int bcs, double[] c, int m, int k, int n) {
    for (int i = 0; i < m; i++) {
      int ai = i * ars;
      int ci = i * n;
      int j = 0;
      for (; j + 8 <= n; j += 8) {
        int b0 = j * bcs;
        int b1 = b0 + bcs;
        int b2 = b1 + bcs;
        int b3 = b2 + bcs;
        int b4 = b3 + bcs;
        int b5 = b4 + bcs;
        int b6 = b5 + bcs;
        int b7 = b6 + bcs;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        for (int p = 0; p < k; p++) {
          double ap = a[ai + p * acs];
          s0 = Math.fma(ap, b[b0 + p], s0);
          s1 = Math.fma(ap, b[b1 + p], s1);
          s2 = Math.fma(ap, b[b2 + p], s2);
          s3 = Math.fma(ap, b[b3 + p], s3);
          s4 = Math.fma(ap, b[b4 + p], s4);
          s5 = Math.fma(ap, b[b5 + p], s5);
          s6 = Math.fma(ap, b[b6 + p], s6);
          s7 = Math.fma(ap, b[b7 + p], s7);
        }
        c[ci + j] = s0;
        c[ci + j + 1] = s1;
        c[ci + j + 2] = s2;
        c[ci + j + 3] = s3;
        c[ci + j + 4] = s4;
        c[ci + j + 5] = s5;
        c[ci + j + 6] = s6;
        c[ci + j + 7] = s7;
      }
      for (; j < n; j++) {
        int b0 = j * bcs;
        double s0 = 0;
        for (int p = 0; p < k; p++) {
          s0 = Math.fma(a[ai + p * acs], b[b0 + p], s0);
        }
        c[ci + j] = s0;
      }
    }
  }
}
