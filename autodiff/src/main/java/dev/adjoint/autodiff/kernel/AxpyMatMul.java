package dev.adjoint.autodiff.kernel;

import java.util.Arrays;

/**
 * The matrix product for a few rows of C times B as stored ({@code C = A·B} with A of fewer than
 * {@value MatMul#DOT_ROWS} rows, as in a neuron's {@code W·X}): each row of C is built by the
 * rank-1 updates {@code c[j] = fma(A[i,p], B[p,j], c[j])} for {@code p = 0 … k−1}, streaming B's
 * rows once per row of C and never packing them.
 *
 * <p>With so few rows the packed kernel's copy of B is not repaid: it is a second pass over B
 * (memory-bound at 512², where B is 2 MB). Columns are taken {@value #NC} at a time so that the
 * strip of B a row of C reads stays in L2 for the next row; the row of C is accumulated in a
 * scratch row indexed by {@code j} alone, the loop shape that HotSpot C2 vectorizes (see {@link
 * PackedMatMul}). With the Vector API module the loop is {@code VectorMatMul#rowsTimesMatrix}.
 *
 * <p>Each element is the sequential chain {@code s = fma(A[i,p], B[p,j], s)} over {@code p = 0 …
 * k−1} from {@code s = 0}, as on every path of {@link MatMul}.
 */
final class AxpyMatMul {
  /** Columns of C per strip ({@code k × NC} doubles of B, 1 MiB at k = 256). */
  static final int NC = 512;

  private AxpyMatMul() {}

  /**
   * {@code C[m×n] = A[m×k] · B[k×n]}, overwriting C, where {@code A[i, p] = a[i·ars + p·acs]} and B
   * is stored as is: {@code B[p, j] = b[p·brs + j]}.
   */
  static void multiply(
      double[] a, int ars, int acs, double[] b, int brs, double[] c, int m, int k, int n) {
    if (VectorApi.ENABLED) {
      VectorMatMul.rowsTimesMatrix(a, ars, acs, b, brs, c, m, k, n);
      return;
    }
    PackedMatMul.Workspace w = PackedMatMul.acquire();
    try {
      multiply(a, ars, acs, b, brs, c, m, k, n, w.strip());
    } finally {
      PackedMatMul.release(w);
    }
  }

  private static void multiply(
      double[] a,
      int ars,
      int acs,
      double[] b,
      int brs,
      double[] c,
      int m,
      int k,
      int n,
      double[] t) {
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int i = 0; i < m; i++) {
        Arrays.fill(t, 0, nc, 0.0);
        int ai = i * ars;
        for (int p = 0; p < k; p++) {
          double ap = a[ai + p * acs];
          int bp = p * brs + jc;
          for (int j = 0; j < nc; j++) {
            t[j] = Math.fma(ap, b[bp + j], t[j]);
          }
        }
        System.arraycopy(t, 0, c, i * n + jc, nc);
      }
    }
  }
}
