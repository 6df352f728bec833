package dev.adjoint.autodiff.kernel;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked matrix product on the JDK Vector API ({@code jdk.incubator.vector}), used by
 * {@link PackedMatMul} and for {@link MatMul}'s few rows times B as stored only when {@link
 * VectorApi#ENABLED}: loading this class without the module fails.
 *
 * <p>Blocking as in GotoBLAS/BLIS: B is packed {@value #KC} rows at a time into micro-panels of
 * {@link #NR} columns (two vectors), A {@value #MC} rows at a time into micro-panels of {@value
 * #MR} rows; the micro-kernel keeps a {@value #MR}×{@link #NR} block of C in twelve vector
 * registers across the whole depth of the panel, loading two vectors of B and broadcasting six
 * elements of A per step of p, so each step is twelve vector {@code fma}s against eight loads (the
 * pure-Java kernel, which C2 cannot keep in registers, loads and stores a row of C every eight
 * updates). Edges are handled by zero padding in the packed panels and a scratch tile for the
 * partial blocks of C.
 *
 * <p>Each lane computes {@code Math.fma(a, b, c)} (the Vector API's {@code fma} is the exact fused
 * operation), and every element of C is still the sequential chain {@code s = fma(A[i,p], B[p,j],
 * s)} over {@code p = 0 … k−1} from {@code s = 0}: the depth blocks run in order of p, and C is
 * stored between them and loaded back unchanged. So the results equal the pure-Java kernel's bit
 * for bit.
 */
final class VectorMatMul {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;

  /** Doubles per vector register (8 with AVX-512, 4 with AVX2). */
  static final int LANES = SPECIES.length();

  /** Rows of the register block of C. */
  static final int MR = 6;

  /** Columns of the register block of C: two vectors. */
  static final int NR = 2 * LANES;

  /** Depth of a packed panel: a {@code KC × NR} micro-panel of B stays in L1 across the rows. */
  static final int KC = 256;

  /** Rows of A per packed block ({@code MC × KC} doubles, 192 KiB: L2). */
  static final int MC = 96;

  /** Columns of B per packed block ({@code KC × NC} doubles, 1 MiB). */
  static final int NC = 512;

  private VectorMatMul() {}

  /** Scratch for one call, kept in a {@link PackedMatMul.Workspace}. */
  static final class Buffers {
    final double[] packedA = new double[MC * KC];
    final double[] packedB = new double[KC * roundUp(NC, NR)];
    final double[] tile = new double[MR * NR];
  }

  /** The workspace's buffers for this kernel, made on first use. */
  private static Buffers buffers(PackedMatMul.Workspace workspace) {
    if (workspace.vectorBuffers == null) {
      workspace.vectorBuffers = new Buffers();
    }
    return (Buffers) workspace.vectorBuffers;
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
      PackedMatMul.Workspace workspace) {
    Buffers w = buffers(workspace);
    if (k == 0) {
      Arrays.fill(c, i0 * n, i1 * n, 0.0);
      return;
    }
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        packB(b, brs, bcs, pc, kc, jc, nc, w.packedB);
        for (int ic = i0; ic < i1; ic += MC) {
          int mc = Math.min(MC, i1 - ic);
          packA(a, ars, acs, ic, mc, pc, kc, w.packedA);
          for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bo = jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
              int mr = Math.min(MR, mc - ir);
              int co = (ic + ir) * n + jc + jr;
              int ao = ir * kc;
              if (mr == MR && nr == NR) {
                kernel(kc, w.packedA, ao, w.packedB, bo, c, co, n, pc == 0);
              } else {
                edge(kc, w.packedA, ao, w.packedB, bo, c, co, n, mr, nr, pc == 0, w.tile);
              }
            }
          }
        }
      }
    }
  }

  /**
   * {@code C[m×n] = A[m×k] · B[k×n]} for a few rows, overwriting C, with B as stored ({@code B[p,
   * j] = b[p·brs + j]}): no packing; four vectors of a row of C stay in registers across the whole
   * depth, each step adding {@code A[i,p]} times four vectors of B's row p (so each lane is the
   * chain over p in order). The strip of B they read (k × four vectors) stays in L2 for the next
   * row of C.
   */
  static void rowsTimesMatrix(
      double[] a, int ars, int acs, double[] b, int brs, double[] c, int m, int k, int n) {
    int j = 0;
    for (; j + 4 * LANES <= n; j += 4 * LANES) {
      for (int i = 0; i < m; i++) {
        DoubleVector c0 = DoubleVector.zero(SPECIES);
        DoubleVector c1 = c0;
        DoubleVector c2 = c0;
        DoubleVector c3 = c0;
        int ai = i * ars;
        for (int p = 0, bp = j; p < k; p++, bp += brs) {
          DoubleVector ap = DoubleVector.broadcast(SPECIES, a[ai + p * acs]);
          c0 = ap.fma(DoubleVector.fromArray(SPECIES, b, bp), c0);
          c1 = ap.fma(DoubleVector.fromArray(SPECIES, b, bp + LANES), c1);
          c2 = ap.fma(DoubleVector.fromArray(SPECIES, b, bp + 2 * LANES), c2);
          c3 = ap.fma(DoubleVector.fromArray(SPECIES, b, bp + 3 * LANES), c3);
        }
        int ci = i * n + j;
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + LANES);
        c2.intoArray(c, ci + 2 * LANES);
        c3.intoArray(c, ci + 3 * LANES);
      }
    }
    for (; j + LANES <= n; j += LANES) {
      for (int i = 0; i < m; i++) {
        DoubleVector c0 = DoubleVector.zero(SPECIES);
        int ai = i * ars;
        for (int p = 0, bp = j; p < k; p++, bp += brs) {
          c0 =
              DoubleVector.broadcast(SPECIES, a[ai + p * acs])
                  .fma(DoubleVector.fromArray(SPECIES, b, bp), c0);
        }
        c0.intoArray(c, i * n + j);
      }
    }
    for (; j < n; j++) {
      for (int i = 0; i < m; i++) {
        double s = 0;
        int ai = i * ars;
        for (int p = 0, bp = j; p < k; p++, bp += brs) {
          s = Math.fma(a[ai + p * acs], b[bp], s);
        }
        c[i * n + j] = s;
      }
    }
  }

  /** A partial block of C: computed in the scratch tile, of which the valid part is copied. */
  private static void edge(
      int kc,
      double[] ap,
      int ao,
      double[] bp,
      int bo,
      double[] c,
      int co,
      int ldc,
      int mr,
      int nr,
      boolean first,
      double[] tile) {
    if (!first) {
      for (int r = 0; r < mr; r++) {
        System.arraycopy(c, co + r * ldc, tile, r * NR, nr);
      }
    }
    kernel(kc, ap, ao, bp, bo, tile, 0, NR, first);
    for (int r = 0; r < mr; r++) {
      System.arraycopy(tile, r * NR, c, co + r * ldc, nr);
    }
  }

  /**
   * The {@value #MR}×{@link #NR} block of C at {@code c[co]} (row stride {@code ldc}) plus the
   * product of an A micro-panel ({@code kc} steps of {@value #MR} elements) and a B micro-panel
   * ({@code kc} steps of {@link #NR}); from zero when {@code first}.
   */
  private static void kernel(
      int kc,
      double[] ap,
      int ao,
      double[] bp,
      int bo,
      double[] c,
      int co,
      int ldc,
      boolean first) {
    DoubleVector c00;
    DoubleVector c01;
    DoubleVector c10;
    DoubleVector c11;
    DoubleVector c20;
    DoubleVector c21;
    DoubleVector c30;
    DoubleVector c31;
    DoubleVector c40;
    DoubleVector c41;
    DoubleVector c50;
    DoubleVector c51;
    if (first) {
      DoubleVector zero = DoubleVector.zero(SPECIES);
      c00 = zero;
      c01 = zero;
      c10 = zero;
      c11 = zero;
      c20 = zero;
      c21 = zero;
      c30 = zero;
      c31 = zero;
      c40 = zero;
      c41 = zero;
      c50 = zero;
      c51 = zero;
    } else {
      c00 = DoubleVector.fromArray(SPECIES, c, co);
      c01 = DoubleVector.fromArray(SPECIES, c, co + LANES);
      c10 = DoubleVector.fromArray(SPECIES, c, co + ldc);
      c11 = DoubleVector.fromArray(SPECIES, c, co + ldc + LANES);
      c20 = DoubleVector.fromArray(SPECIES, c, co + 2 * ldc);
      c21 = DoubleVector.fromArray(SPECIES, c, co + 2 * ldc + LANES);
      c30 = DoubleVector.fromArray(SPECIES, c, co + 3 * ldc);
      c31 = DoubleVector.fromArray(SPECIES, c, co + 3 * ldc + LANES);
      c40 = DoubleVector.fromArray(SPECIES, c, co + 4 * ldc);
      c41 = DoubleVector.fromArray(SPECIES, c, co + 4 * ldc + LANES);
      c50 = DoubleVector.fromArray(SPECIES, c, co + 5 * ldc);
      c51 = DoubleVector.fromArray(SPECIES, c, co + 5 * ldc + LANES);
    }
    int bi = bo;
    int ai = ao;
    for (int p = 0; p < kc; p++, bi += NR, ai += MR) {
      DoubleVector b0 = DoubleVector.fromArray(SPECIES, bp, bi);
      DoubleVector b1 = DoubleVector.fromArray(SPECIES, bp, bi + LANES);
      DoubleVector a0 = DoubleVector.broadcast(SPECIES, ap[ai]);
      c00 = a0.fma(b0, c00);
      c01 = a0.fma(b1, c01);
      DoubleVector a1 = DoubleVector.broadcast(SPECIES, ap[ai + 1]);
      c10 = a1.fma(b0, c10);
      c11 = a1.fma(b1, c11);
      DoubleVector a2 = DoubleVector.broadcast(SPECIES, ap[ai + 2]);
      c20 = a2.fma(b0, c20);
      c21 = a2.fma(b1, c21);
      DoubleVector a3 = DoubleVector.broadcast(SPECIES, ap[ai + 3]);
      c30 = a3.fma(b0, c30);
      c31 = a3.fma(b1, c31);
      DoubleVector a4 = DoubleVector.broadcast(SPECIES, ap[ai + 4]);
      c40 = a4.fma(b0, c40);
      c41 = a4.fma(b1, c41);
      DoubleVector a5 = DoubleVector.broadcast(SPECIES, ap[ai + 5]);
      c50 = a5.fma(b0, c50);
      c51 = a5.fma(b1, c51);
    }
    c00.intoArray(c, co);
    c01.intoArray(c, co + LANES);
    c10.intoArray(c, co + ldc);
    c11.intoArray(c, co + ldc + LANES);
    c20.intoArray(c, co + 2 * ldc);
    c21.intoArray(c, co + 2 * ldc + LANES);
    c30.intoArray(c, co + 3 * ldc);
    c31.intoArray(c, co + 3 * ldc + LANES);
    c40.intoArray(c, co + 4 * ldc);
    c41.intoArray(c, co + 4 * ldc + LANES);
    c50.intoArray(c, co + 5 * ldc);
    c51.intoArray(c, co + 5 * ldc + LANES);
  }

  /**
   * Packs {@code B[pc .. pc+kc, jc .. jc+nc]} as micro-panels of {@link #NR} columns: element
   * {@code (p, j)} at {@code (j / NR)·kc·NR + p·NR + j % NR}; columns past {@code nc} are zero.
   */
  private static void packB(
      double[] b, int brs, int bcs, int pc, int kc, int jc, int nc, double[] packed) {
    for (int jr = 0; jr < nc; jr += NR) {
      int nr = Math.min(NR, nc - jr);
      int base = jr * kc;
      if (bcs == 1) {
        for (int p = 0; p < kc; p++) {
          int dst = base + p * NR;
          System.arraycopy(b, (pc + p) * brs + jc + jr, packed, dst, nr);
          if (nr < NR) {
            Arrays.fill(packed, dst + nr, dst + NR, 0.0);
          }
        }
      } else {
        // B is stored transposed: read each of its columns along its stored row.
        for (int j = 0; j < nr; j++) {
          int src = (jc + jr + j) * bcs + pc * brs;
          int dst = base + j;
          for (int p = 0; p < kc; p++) {
            packed[dst + p * NR] = b[src + p * brs];
          }
        }
        for (int j = nr; j < NR; j++) {
          for (int p = 0; p < kc; p++) {
            packed[base + p * NR + j] = 0.0;
          }
        }
      }
    }
  }

  /**
   * Packs {@code A[ic .. ic+mc, pc .. pc+kc]} as micro-panels of {@value #MR} rows: element {@code
   * (i, p)} at {@code (i / MR)·kc·MR + p·MR + i % MR}; rows past {@code mc} are zero.
   */
  private static void packA(
      double[] a, int ars, int acs, int ic, int mc, int pc, int kc, double[] packed) {
    for (int ir = 0; ir < mc; ir += MR) {
      int mr = Math.min(MR, mc - ir);
      int base = ir * kc;
      int src = (ic + ir) * ars + pc * acs;
      for (int p = 0; p < kc; p++) {
        int dst = base + p * MR;
        int ap = src + p * acs;
        for (int r = 0; r < mr; r++) {
          packed[dst + r] = a[ap + r * ars];
        }
        for (int r = mr; r < MR; r++) {
          packed[dst + r] = 0.0;
        }
      }
    }
  }

  private static int roundUp(int x, int multiple) {
    return (x + multiple - 1) / multiple * multiple;
  }
}
