package dev.adjoint.autodiff.kernel;

import java.util.Arrays;

/**
 * Dense matrix products on row-major arrays: {@code C[m×n] = op(A) · op(B)}, where {@code op(A)} is
 * {@code m×k} and {@code op(B)} is {@code k×n}, and either operand may be read as stored or
 * transposed ({@code AᵀB}, {@code ABᵀ}, {@code AᵀBᵀ}) without being copied.
 *
 * <p>Small products run in a plain loop; a few rows times a transposed B as dot products on B as
 * stored ({@link DotMatMul}); larger ones in a cache-blocked, packed kernel whose inner loop the
 * JIT vectorizes ({@link PackedMatMul}). It is pure Java and needs no JVM flags.
 *
 * <p><b>The fast path: {@code --add-modules jdk.incubator.vector}.</b> When the JVM is started with
 * the JDK's Vector API module ({@code java --add-modules jdk.incubator.vector …}; JDK 17 prints
 * "WARNING: Using incubator modules" once at start-up), larger products run in a register-blocked
 * kernel on that API instead ({@code VectorMatMul}): on one thread about twice as fast (49 against
 * 22 GFLOP/s at 512², 42 against 22 at 64×784·784×128; bench/README.md, "Matrix product"). Without
 * the flag nothing changes and nothing is printed; the system property {@code
 * -Dadjoint.matmul.vector=false} keeps the pure-Java kernel even with the module. {@link
 * #vectorApi()} tells which kernel is in use. Both give the same bits (below).
 *
 * <p><b>Threads.</b> Products of at least {@value #PARALLEL_THRESHOLD} multiply-adds split the rows
 * of C into one contiguous block per thread, run on the caller and on the kernel's own daemon
 * worker threads, parked between products ({@link WorkerThreads}). The number of threads is the
 * system property {@value #THREADS_PROPERTY} (a positive integer; by default {@link
 * Runtime#availableProcessors()}), read on every large product, so it may be changed at run time;
 * {@code -Dadjoint.matmul.threads=1} keeps every product on the calling thread.
 *
 * <p><b>Results.</b> Every element is the sequential chain {@code s = fma(A[i,p], B[p,j], s)} over
 * {@code p = 0 … k−1} from {@code s = 0}, on every path: the result is the same bit for bit
 * whatever the size, the transpose flags, the blocking and the number of threads. ({@code Math.fma}
 * is one instruction on x86 since 2013 and on every 64-bit ARM; a JVM without hardware FMA computes
 * it in software, correctly but far more slowly.)
 *
 * <p>The output must not alias an input; the inputs may be the same array ({@code AᵀA}).
 *
 * <p>Thread-safe: packing buffers are taken from a small shared pool for the duration of a call and
 * returned to it, so a warm product allocates no packing space on any thread.
 */
public final class MatMul {
  /** The system property naming the number of threads large products use. */
  public static final String THREADS_PROPERTY = "adjoint.matmul.threads";

  /**
   * Below this many multiply-adds ({@code m·k·n}) the plain loop is used: packing B costs more than
   * it saves.
   */
  static final long PACKED_THRESHOLD = 16L * 16 * 16;

  /**
   * With fewer rows of C than this, a transposed B is read as stored ({@link DotMatMul}), and with
   * the Vector API B is never packed: the packing is not repaid by so few rows (for a transposed B,
   * measured crossover between 4 and 8 rows at 64², 512² and 784×128; with the Vector API at
   * 1×512·512×512 packing B took 164 µs, streaming it 47 µs; bench/README.md).
   */
  static final int DOT_ROWS = 6;

  /** From this many multiply-adds ({@code m·k·n}) a product is split across threads. */
  static final long PARALLEL_THRESHOLD = 1L << 20;

  /** Fewest rows of C a thread is given: fewer do not repay the thread's own packing of B. */
  static final int MIN_ROWS_PER_THREAD = 8;

  private MatMul() {}

  /**
   * {@code c = a · b}, overwriting {@code c}; {@code a} is {@code m×k}, {@code b} is {@code k×n}.
   */
  public static void multiply(double[] a, double[] b, double[] c, int m, int k, int n) {
    multiply(a, false, b, false, c, m, k, n);
  }

  /**
   * {@code c = op(a) · op(b)}, overwriting {@code c[m×n]}, with the threads of {@value
   * #THREADS_PROPERTY}.
   *
   * @param a {@code m×k}, or {@code k×m} if {@code transA} (then {@code op(a) = aᵀ})
   * @param b {@code k×n}, or {@code n×k} if {@code transB} (then {@code op(b) = bᵀ})
   */
  public static void multiply(
      double[] a, boolean transA, double[] b, boolean transB, double[] c, int m, int k, int n) {
    long work = checkArguments(a, b, c, m, k, n);
    int threads = work >= PARALLEL_THRESHOLD ? threads() : 1;
    run(a, transA, b, transB, c, m, k, n, work, threads);
  }

  /**
   * {@code c = op(a) · op(b)} as {@link #multiply(double[], boolean, double[], boolean, double[],
   * int, int, int)}, with at most {@code threads} threads instead of the configured number (the
   * result does not depend on it).
   */
  public static void multiply(
      double[] a,
      boolean transA,
      double[] b,
      boolean transB,
      double[] c,
      int m,
      int k,
      int n,
      int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("matmul: threads must be at least 1, not " + threads);
    }
    long work = checkArguments(a, b, c, m, k, n);
    run(a, transA, b, transB, c, m, k, n, work, threads);
  }

  /**
   * Whether larger products run on the JDK Vector API kernel: the JVM was started with {@code
   * --add-modules jdk.incubator.vector} and {@code adjoint.matmul.vector} is not {@code false}.
   * Decided once per JVM; the results are the same bits either way.
   */
  public static boolean vectorApi() {
    return VectorApi.ENABLED;
  }

  /**
   * The number of threads large products use: the system property {@value #THREADS_PROPERTY}, or
   * the number of available processors when it is not set.
   *
   * @throws IllegalArgumentException if the property is set to anything but a positive integer
   */
  public static int threads() {
    String value = System.getProperty(THREADS_PROPERTY);
    if (value == null || value.isBlank()) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int threads = Integer.parseInt(value.trim());
      if (threads >= 1) {
        return threads;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "system property "
            + THREADS_PROPERTY
            + " must be a positive whole number of threads, not '"
            + value
            + "'");
  }

  private static long checkArguments(double[] a, double[] b, double[] c, int m, int k, int n) {
    if (m < 0 || k < 0 || n < 0) {
      throw new IllegalArgumentException(
          "matmul: negative dimension in " + m + "×" + k + " · " + k + "×" + n);
    }
    if (a == c || b == c) {
      throw new IllegalArgumentException("matmul output aliases an input");
    }
    checkLength("A", a, (long) m * k);
    checkLength("B", b, (long) k * n);
    checkLength("C", c, (long) m * n);
    return (long) m * k * n;
  }

  private static void checkLength(String name, double[] array, long needed) {
    if (array.length < needed) {
      throw new IllegalArgumentException(
          "matmul: " + name + " has " + array.length + " elements, needs " + needed);
    }
  }

  private static void run(
      double[] a,
      boolean transA,
      double[] b,
      boolean transB,
      double[] c,
      int m,
      int k,
      int n,
      long work,
      int threads) {
    // Element strides: A[i, p] = a[i·ars + p·acs], B[p, j] = b[p·brs + j·bcs].
    int ars = transA ? 1 : k;
    int acs = transA ? m : 1;
    int brs = transB ? 1 : n;
    int bcs = transB ? k : 1;
    if (work < PACKED_THRESHOLD) {
      multiplyPlain(a, ars, acs, b, brs, bcs, c, m, k, n);
      return;
    }
    if (m < DOT_ROWS) {
      if (transB) {
        DotMatMul.multiply(a, ars, acs, b, bcs, c, m, k, n);
        return;
      }
      if (VectorApi.ENABLED) {
        VectorMatMul.rowsTimesMatrix(a, ars, acs, b, brs, c, m, k, n);
        return;
      }
    }
    int parts = (int) Math.min(threads, Math.max(1, m / MIN_ROWS_PER_THREAD));
    if (work < PARALLEL_THRESHOLD || parts == 1) {
      PackedMatMul.multiplyRows(a, ars, acs, b, brs, bcs, c, k, n, 0, m);
      return;
    }
    RowBlocks.multiply(a, ars, acs, b, brs, bcs, c, m, k, n, parts);
  }

  /**
   * The reference loop: {@code C[i, j] = fma(A[i, k−1], B[k−1, j], … fma(A[i, 0], B[0, j], 0))},
   * the same arithmetic as the packed kernel, element for element.
   */
  static void multiplyPlain(
      double[] a, int ars, int acs, double[] b, int brs, int bcs, double[] c, int m, int k, int n) {
    Arrays.fill(c, 0, m * n, 0.0);
    for (int i = 0; i < m; i++) {
      int ci = i * n;
      for (int p = 0; p < k; p++) {
        double aip = a[i * ars + p * acs];
        int bp = p * brs;
        for (int j = 0; j < n; j++) {
          c[ci + j] = Math.fma(aip, b[bp + j * bcs], c[ci + j]);
        }
      }
    }
  }
}
