package dev.adjoint.autodiff.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The kernel against two references written here (the build runs this class twice: on the pure-Java
 * kernel, and with {@code --add-modules jdk.incubator.vector} on the Vector API kernel; {@link
 * KernelPathTest} checks which): the sequential {@code fma} chain it documents (which it must equal
 * bit for bit) and the textbook {@code s += a·b} loop (which it must match within {@code 1e-12 ·
 * Σ|a||b|} per element, the rounding error bound of a length-k dot product).
 */
class MatMulTest {

  /** One product to check: the shapes of op(A) and op(B), the transpose flags and the data seed. */
  record Case(int m, int k, int n, boolean transA, boolean transB, long seed) {
    @Override
    public String toString() {
      return (transA ? "Aᵀ" : "A")
          + "["
          + m
          + "×"
          + k
          + "] · "
          + (transB ? "Bᵀ" : "B")
          + "["
          + k
          + "×"
          + n
          + "], seed "
          + seed;
    }

    Case withShape(int m, int k, int n) {
      return new Case(m, k, n, transA, transB, seed);
    }
  }

  @ParameterizedTest(name = "{0}×{1} · {1}×{2}")
  @CsvSource({
    "1, 1, 1",
    "2, 3, 4",
    "1, 784, 128", // a row times a matrix
    "64, 784, 1", // a matrix times a column
    "200, 1, 150", // k = 1: an outer product
    "1, 5000, 1", // a dot product
    "15, 16, 17", // just below and above the packed kernel's threshold
    "16, 16, 16",
    "9, 33, 129", // one past KC, NC and the unroll
    "31, 31, 127",
    "7, 65, 257",
    "64, 784, 128", // the MLP's first layer
    "3, 1000, 300",
    "97, 257, 17", // the Vector API kernel: one past its row block (96) and depth (256)
    "6, 513, 531", // and past its column block (512), with a partial register block of columns
    "103, 40, 33" // partial register blocks of rows (6) and columns in one product
  })
  void productOfNamedShapesEqualsTheReferences(int m, int k, int n) {
    for (boolean transA : new boolean[] {false, true}) {
      for (boolean transB : new boolean[] {false, true}) {
        assertMatches(new Case(m, k, n, transA, transB, 31L * m + 7L * k + n));
      }
    }
  }

  static IntStream sizes() {
    return IntStream.rangeClosed(1, 130);
  }

  @ParameterizedTest(name = "{0}×{0} · {0}×{0}")
  @MethodSource("sizes")
  void squareProductsUpTo130EqualTheReferences(int size) {
    assertMatches(new Case(size, size, size, false, false, size));
    if (size % 9 == 0 || size > 125) {
      assertMatches(new Case(size, size, size, true, false, size));
      assertMatches(new Case(size, size, size, false, true, size));
      assertMatches(new Case(size, size, size, true, true, size));
    }
  }

  static Stream<Arguments> fewRows() {
    // Squares and lengths that are not multiples of a vector (2, 4 or 8 doubles) or of the
    // kernels' blocks; the rows run past DOT_ROWS so that both sides of the switch are covered.
    int[] lengths = {1, 3, 7, 8, 9, 16, 17, 31, 63, 64, 65, 129, 255, 333, 512, 513, 600};
    Stream.Builder<Arguments> cases = Stream.builder();
    for (int m = 1; m <= MatMul.DOT_ROWS; m++) {
      for (int l : lengths) {
        cases.add(Arguments.of(m, l, l));
      }
      cases.add(Arguments.of(m, 600, 17));
      cases.add(Arguments.of(m, 5, 600));
      cases.add(Arguments.of(m, 513, 31));
      cases.add(Arguments.of(m, 33, 517));
    }
    return cases.build();
  }

  /** A few rows of A (a neuron's {@code W·X} and {@code G·Xᵀ}): every flag, bit for bit. */
  @ParameterizedTest(name = "{0}×{1} · {1}×{2}")
  @MethodSource("fewRows")
  void fewRowsTimesAMatrixEqualTheReferences(int m, int k, int n) {
    for (boolean transA : new boolean[] {false, true}) {
      for (boolean transB : new boolean[] {false, true}) {
        assertMatches(new Case(m, k, n, transA, transB, 13L * m + 5L * k + n));
      }
    }
  }

  static Stream<Arguments> seeds() {
    return LongStream.rangeClosed(1, 60).mapToObj(Arguments::of);
  }

  /** Seeded random shapes and flags; a failure is shrunk to the smallest failing shape. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomShapesEqualTheReferences(long seed) {
    Random r = new Random(seed);
    // Mostly small dimensions, sometimes one past a block size.
    int[] choices = {1, 2, 3, 5, 8, 9, 17, 31, 32, 33, 64, 100, 127, 128, 129, 150};
    Case c =
        new Case(
            choices[r.nextInt(choices.length)],
            choices[r.nextInt(choices.length)],
            choices[r.nextInt(choices.length)],
            r.nextBoolean(),
            r.nextBoolean(),
            seed);
    String failure = mismatch(c);
    if (failure == null) {
      return;
    }
    Case smallest = shrink(c);
    throw new AssertionError(
        "matmul wrong for "
            + c
            + ": "
            + failure
            + "\nsmallest failing case: "
            + smallest
            + ": "
            + mismatch(smallest));
  }

  @Test
  void resultIsBitIdenticalForOneTwoAndFourThreads() {
    // Above the parallel threshold, with row counts that do not divide evenly.
    int[][] shapes = {{130, 100, 90}, {97, 129, 131}, {64, 784, 128}, {17, 800, 100}};
    for (int[] s : shapes) {
      for (boolean transA : new boolean[] {false, true}) {
        for (boolean transB : new boolean[] {false, true}) {
          Case c = new Case(s[0], s[1], s[2], transA, transB, 5);
          assertThat((long) c.m() * c.k() * c.n())
              .isGreaterThanOrEqualTo(MatMul.PARALLEL_THRESHOLD);
          double[][] ab = operands(c);
          double[] one = product(c, ab, 1);
          assertThat(one).as("%s, one thread", c).isEqualTo(fmaReference(c, ab));
          assertThat(product(c, ab, 2)).as("%s, two threads", c).isEqualTo(one);
          assertThat(product(c, ab, 4)).as("%s, four threads", c).isEqualTo(one);
        }
      }
    }
  }

  @Test
  void threadsComeFromTheSystemPropertyOrTheProcessorCount() {
    String saved = System.getProperty(MatMul.THREADS_PROPERTY);
    try {
      System.clearProperty(MatMul.THREADS_PROPERTY);
      assertThat(MatMul.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
      System.setProperty(MatMul.THREADS_PROPERTY, "3");
      assertThat(MatMul.threads()).isEqualTo(3);
      System.setProperty(MatMul.THREADS_PROPERTY, "0");
      assertThatThrownBy(MatMul::threads)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "system property adjoint.matmul.threads must be a positive whole number of threads,"
                  + " not '0'");
      System.setProperty(MatMul.THREADS_PROPERTY, "many");
      assertThatThrownBy(MatMul::threads).hasMessageContaining("not 'many'");
    } finally {
      if (saved == null) {
        System.clearProperty(MatMul.THREADS_PROPERTY);
      } else {
        System.setProperty(MatMul.THREADS_PROPERTY, saved);
      }
    }
  }

  @Test
  void theOutputIsOverwrittenNotAccumulated() {
    for (int size : new int[] {3, 40, 110}) {
      Case c = new Case(size, size, size, false, false, 9);
      double[][] ab = operands(c);
      double[] out = new double[size * size];
      Arrays.fill(out, Double.NaN);
      MatMul.multiply(ab[0], ab[1], out, size, size, size);
      assertThat(out).as("%s", c).isEqualTo(fmaReference(c, ab));
    }
  }

  @Test
  void anEmptyInnerDimensionGivesZeros() {
    double[] out = {1, 2, 3, 4, 5, 6};
    MatMul.multiply(new double[0], new double[0], out, 2, 0, 3);
    assertThat(out).containsOnly(0.0);
  }

  @Test
  void oneArrayMayBeBothOperandsOfATransposedProduct() {
    // AᵀA and AAᵀ with A 50×40, from one array.
    double[] a = random(new Random(3), 50 * 40);
    Case ata = new Case(40, 50, 40, true, false, 0);
    double[] out = new double[40 * 40];
    MatMul.multiply(a, true, a, false, out, 40, 50, 40);
    assertThat(out).isEqualTo(fmaReference(ata, new double[][] {a, a}));
    Case aat = new Case(50, 40, 50, false, true, 0);
    double[] out2 = new double[50 * 50];
    MatMul.multiply(a, false, a, true, out2, 50, 40, 50);
    assertThat(out2).isEqualTo(fmaReference(aat, new double[][] {a, a}));
  }

  @Test
  void twoThreadsMultiplyingLargeMatricesDoNotInterfere() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        long seed = t;
        results.add(
            pool.submit(
                () -> {
                  for (int round = 0; round < 30; round++) {
                    Case c =
                        new Case(40 + (int) seed, 50, 130 - (int) seed, false, seed == 1, round);
                    double[][] ab = operands(c);
                    if (!Arrays.equals(product(c, ab, 1), fmaReference(c, ab))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> f : results) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aWorkspaceReturnedToThePoolIsReusedNotReallocated() {
    PackedMatMul.Workspace w = PackedMatMul.acquire();
    PackedMatMul.release(w);
    PackedMatMul.Workspace again = PackedMatMul.acquire();
    PackedMatMul.release(again);
    assertThat(again).isSameAs(w);
  }

  @Test
  void badArgumentsAreNamed() {
    double[] a = new double[4];
    assertThatThrownBy(() -> MatMul.multiply(a, new double[4], a, 2, 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("aliases");
    assertThatThrownBy(() -> MatMul.multiply(a, new double[4], new double[6], 2, 2, 3))
        .hasMessage("matmul: B has 4 elements, needs 6");
    assertThatThrownBy(() -> MatMul.multiply(a, false, a, false, new double[4], 2, 2, 2, 0))
        .hasMessage("matmul: threads must be at least 1, not 0");
  }

  // --- references and helpers ---

  private static void assertMatches(Case c) {
    String failure = mismatch(c);
    assertThat(failure).as("%s", c).isNull();
  }

  /** Null when the kernel agrees with both references on {@code c}, else the first difference. */
  private static String mismatch(Case c) {
    double[][] ab = operands(c);
    double[] got = product(c, ab, 1);
    double[] exact = fmaReference(c, ab);
    for (int i = 0; i < got.length; i++) {
      if (Double.doubleToLongBits(got[i]) != Double.doubleToLongBits(exact[i])) {
        return "C[" + i / c.n() + ", " + i % c.n() + "] = " + got[i] + ", fma chain " + exact[i];
      }
    }
    // Independently of the fma claim: within the dot product's rounding bound of the plain loop.
    for (int i = 0; i < c.m(); i++) {
      for (int j = 0; j < c.n(); j++) {
        double sum = 0;
        double bound = 0;
        for (int p = 0; p < c.k(); p++) {
          double term = elementA(c, ab[0], i, p) * elementB(c, ab[1], p, j);
          sum += term;
          bound += Math.abs(term);
        }
        if (Math.abs(got[i * c.n() + j] - sum) > 1e-12 * bound) {
          return "C[" + i + ", " + j + "] = " + got[i * c.n() + j] + ", plain loop " + sum;
        }
      }
    }
    return null;
  }

  /** Makes each dimension as small as it can be while the case still fails. */
  private static Case shrink(Case failing) {
    Case c = failing;
    boolean progress = true;
    while (progress) {
      progress = false;
      int[] dims = {c.m(), c.k(), c.n()};
      for (int d = 0; d < 3 && !progress; d++) {
        for (int smaller : new int[] {1, dims[d] / 2, dims[d] - 1}) {
          if (smaller < 1 || smaller >= dims[d]) {
            continue;
          }
          int[] next = dims.clone();
          next[d] = smaller;
          Case candidate = c.withShape(next[0], next[1], next[2]);
          if (mismatch(candidate) != null) {
            c = candidate;
            progress = true;
            break;
          }
        }
      }
    }
    return c;
  }

  /** Random A and B in their stored layouts (transposed when the case says so). */
  private static double[][] operands(Case c) {
    Random r = new Random(c.seed() * 1_000_003L + c.m() * 10_007L + c.k() * 101L + c.n());
    return new double[][] {random(r, c.m() * c.k()), random(r, c.k() * c.n())};
  }

  private static double[] product(Case c, double[][] ab, int threads) {
    double[] out = new double[c.m() * c.n()];
    MatMul.multiply(ab[0], c.transA(), ab[1], c.transB(), out, c.m(), c.k(), c.n(), threads);
    return out;
  }

  private static double elementA(Case c, double[] a, int i, int p) {
    return c.transA() ? a[p * c.m() + i] : a[i * c.k() + p];
  }

  private static double elementB(Case c, double[] b, int p, int j) {
    return c.transB() ? b[j * c.k() + p] : b[p * c.n() + j];
  }

  /** The documented arithmetic: {@code s = fma(A[i,p], B[p,j], s)} for p = 0, 1, …, k−1. */
  private static double[] fmaReference(Case c, double[][] ab) {
    double[] out = new double[c.m() * c.n()];
    for (int i = 0; i < c.m(); i++) {
      for (int j = 0; j < c.n(); j++) {
        double s = 0;
        for (int p = 0; p < c.k(); p++) {
          s = Math.fma(elementA(c, ab[0], i, p), elementB(c, ab[1], p, j), s);
        }
        out[i * c.n() + j] = s;
      }
    }
    return out;
  }

  private static double[] random(Random r, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextGaussian();
    }
    return v;
  }
}
