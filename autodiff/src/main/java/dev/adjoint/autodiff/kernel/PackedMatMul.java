package dev.adjoint.autodiff.kernel;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The cache-blocked matrix product behind {@link MatMul}: rows {@code [i0, i1)} of {@code C = A·B},
 * with either operand read in place through strides (so a transposed operand is never copied).
 *
 * <p>B is copied, one panel of {@value #KC} rows × {@value #NC} columns at a time, into separate
 * row arrays; each row of C's panel is copied into a scratch row {@code t}, and the inner loop
 * {@code t[j] = fma(a₇, b₇[j], … fma(a₀, b₀[j], t[j]))} adds eight rank-1 updates per pass. That
 * exact shape is what HotSpot C2 (JDK 17) turns into AVX/AVX-512 vector code: one store stream
 * indexed by the loop variable alone, and every load from a distinct array. Writing into {@code
 * c[ci + j]}, two output rows in one loop, two rows of one packed array, or more than about ten B
 * rows per pass each kept the loop scalar (measured; see bench/README.md), and the plain {@code a *
 * b + c} form did not vectorize where {@code Math.fma} did.
 *
 * <p>Every element of C is the sequential chain {@code s = fma(A[i,p], B[p,j], s)} over {@code p =
 * 0, 1, …, k−1} from {@code s = 0}, whatever the blocking, the row range or the thread: the panel
 * row is copied in and out rather than summed, so results are bit-identical to {@link
 * MatMul#multiplyPlain} and independent of how rows are split across threads.
 */
final class PackedMatMul {
  /** Rows of B per panel: the panel ({@code KC × NC} doubles, 32 KiB) stays in L1/L2. */
  static final int KC = 32;

  /** Columns of B and C per panel: the length of the vectorized inner loop. */
  static final int NC = 128;

  /** Rank-1 updates per pass over a row of C (the number of B rows the inner loop reads). */
  private static final int UNROLL = 8;

  /** Scratch for one call: the packed B panel and one row of C's panel. */
  static final class Workspace {
    final double[][] panel = new double[KC][NC];
    final double[] row = new double[NC];

    /**
     * The Vector API kernel's buffers, made by it on first use. Typed {@code Object} so that no
     * signature here names {@code VectorMatMul}, which Javadoc cannot read without the module.
     */
    Object vectorBuffers;
  }

  /**
   * Idle workspaces, shared by all threads. Not a {@code ThreadLocal}: the common fork-join pool's
   * workers (JDK 17) erase their thread-locals after every task, which made every split product
   * allocate fresh packing buffers (about 34 KB per worker and product).
   */
  private static final AtomicReferenceArray<Workspace> SPARE =
      new AtomicReferenceArray<>(Math.max(8, 2 * Runtime.getRuntime().availableProcessors()));

  private PackedMatMul() {}

  /** An idle workspace from the pool, or a new one when all are in use. */
  static Workspace acquire() {
    for (int s = 0; s < SPARE.length(); s++) {
      Workspace w = SPARE.get(s);
      if (w != null && SPARE.compareAndSet(s, w, null)) {
        return w;
      }
    }
    return new Workspace();
  }

  /** Returns a workspace to the pool (dropped when the pool is full). */
  static void release(Workspace w) {
    for (int s = 0; s < SPARE.length(); s++) {
      if (SPARE.get(s) == null && SPARE.compareAndSet(s, null, w)) {
        return;
      }
    }
  }

  /**
   * {@link #multiplyRows(double[], int, int, double[], int, int, double[], int, int, int, int,
   * Workspace)} with a workspace from the pool.
   */
  static void multiplyRows(
      double[] a,
      int ars,
      int acs,
      double[] b,
      int brs,
      int bcs,
      double[] c,
      int k,
      int n,
      int i0,
      int i1) {
    Workspace w = acquire();
    try {
      multiplyRows(a, ars, acs, b, brs, bcs, c, k, n, i0, i1, w);
    } finally {
      release(w);
    }
  }

  /**
   * Rows {@code [i0, i1)} of {@code C[m×n] = A[m×k] · B[k×n]}, overwriting them, where {@code A[i,
   * p] = a[i·ars + p·acs]} and {@code B[p, j] = b[p·brs + j·bcs]}.
   */
  static void multiplyRows(
      double[] a,
      int ars,
      int acs,
      double[] b,
      int brs,
      int bcs,
      double[] c,
      int k,
      int n,
      int i0,
      int i1,
      Workspace w) {
    if (VectorApi.ENABLED) {
      VectorMatMul.multiplyRows(a, ars, acs, b, brs, bcs, c, k, n, i0, i1, w);
      return;
    }
    Arrays.fill(c, i0 * n, i1 * n, 0.0);
    double[][] panel = w.panel;
    double[] t = w.row;
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        pack(b, brs, bcs, pc, kc, jc, nc, panel);
        for (int i = i0; i < i1; i++) {
          int ci = i * n + jc;
          System.arraycopy(c, ci, t, 0, nc);
          int ai = i * ars + pc * acs;
          int pb = 0;
          for (; pb + UNROLL <= kc; pb += UNROLL) {
            int ap = ai + pb * acs;
            double a0 = a[ap];
            double a1 = a[ap + acs];
            double a2 = a[ap + 2 * acs];
            double a3 = a[ap + 3 * acs];
            double a4 = a[ap + 4 * acs];
            double a5 = a[ap + 5 * acs];
            double a6 = a[ap + 6 * acs];
            double a7 = a[ap + 7 * acs];
            double[] b0 = panel[pb];
            double[] b1 = panel[pb + 1];
            double[] b2 = panel[pb + 2];
            double[] b3 = panel[pb + 3];
            double[] b4 = panel[pb + 4];
            double[] b5 = panel[pb + 5];
            double[] b6 = panel[pb + 6];
            double[] b7 = panel[pb + 7];
            for (int j = 0; j < nc; j++) {
              t[j] =
                  Math.fma(
                      a7,
                      b7[j],
                      Math.fma(
                          a6,
                          b6[j],
                          Math.fma(
                              a5,
                              b5[j],
                              Math.fma(
                                  a4,
                                  b4[j],
                                  Math.fma(
                                      a3,
                                      b3[j],
                                      Math.fma(
                                          a2,
                                          b2[j],
                                          Math.fma(a1, b1[j], Math.fma(a0, b0[j], t[j]))))))));
            }
          }
          for (; pb < kc; pb++) {
            double a0 = a[ai + pb * acs];
            double[] b0 = panel[pb];
            for (int j = 0; j < nc; j++) {
              t[j] = Math.fma(a0, b0[j], t[j]);
            }
          }
          System.arraycopy(t, 0, c, ci, nc);
        }
      }
    }
  }

  /** Copies {@code B[pc .. pc+kc, jc .. jc+nc]} into the first rows and columns of the panel. */
  private static void pack(
      double[] b, int brs, int bcs, int pc, int kc, int jc, int nc, double[][] panel) {
    if (bcs == 1) {
      for (int p = 0; p < kc; p++) {
        System.arraycopy(b, (pc + p) * brs + jc, panel[p], 0, nc);
      }
      return;
    }
    // B is stored transposed: walk it along its stored rows (B's columns).
    for (int j = 0; j < nc; j++) {
      int bj = (jc + j) * bcs + pc * brs;
      for (int p = 0; p < kc; p++) {
        panel[p][j] = b[bj + p * brs];
      }
    }
  }
}
