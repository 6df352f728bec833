package dev.adjoint.optim.mgh;

import java.util.List;

/**
 * Eighteen of the Moré–Garbow–Hillstrom test problems (J. J. Moré, B. S. Garbow, K. E. Hillstrom,
 * "Testing Unconstrained Optimization Software", ACM TOMS 7(1):17–41, 1981), copied from the
 * project's reference data with hand-written Jacobians (checked against finite differences in
 * {@link MghProblemsTest}).
 *
 * <p>Minimum values: where the paper gives f* to 6 digits, f* here is f evaluated at the reference
 * minimiser (computed to 1e-15 by SciPy's least_squares), which agrees with the published digits;
 * the local minimum of Trigonometric (2.79506e-5) and Freudenstein–Roth (48.9842) likewise.
 */
final class MghProblems {
  private MghProblems() {}

  private static final double SQRT5 = Math.sqrt(5);
  private static final double SQRT10 = Math.sqrt(10);

  static List<MghProblem> all() {
    return List.of(
        rosenbrock(),
        freudensteinRoth(),
        powellBadlyScaled(),
        brownBadlyScaled(),
        jennrichSampson(),
        bard(),
        meyer(),
        gulf(),
        powellSingular(),
        osborne1(),
        extendedRosenbrock(),
        extendedPowellSingular(),
        penalty1(),
        trigonometric(),
        discreteBoundaryValue(),
        broydenTridiagonal(),
        linearFullRank(),
        linearRank1ZeroColumnsRows());
  }

  static MghProblem byNumber(int number) {
    return all().stream().filter(p -> p.number() == number).findFirst().orElseThrow();
  }

  /** #1: r₁ = 10(x₂ − x₁²), r₂ = 1 − x₁. */
  static MghProblem rosenbrock() {
    return new MghProblem(
        1,
        "Rosenbrock",
        2,
        2,
        new double[] {-1.2, 1},
        24.2,
        0,
        List.of(),
        (x, r, j) -> {
          r[0] = 10 * (x[1] - x[0] * x[0]);
          r[1] = 1 - x[0];
          j[0] = -20 * x[0];
          j[1] = 10;
          j[2] = -1;
          j[3] = 0;
        });
  }

  /** #2: r₁ = −13 + x₁ + ((5 − x₂)x₂ − 2)x₂, r₂ = −29 + x₁ + ((x₂ + 1)x₂ − 14)x₂. */
  static MghProblem freudensteinRoth() {
    return new MghProblem(
        2,
        "Freudenstein and Roth",
        2,
        2,
        new double[] {0.5, -2},
        400.5,
        0,
        List.of(48.98425367924001),
        (x, r, j) -> {
          double y = x[1];
          r[0] = -13 + x[0] + ((5 - y) * y - 2) * y;
          r[1] = -29 + x[0] + ((y + 1) * y - 14) * y;
          j[0] = 1;
          j[1] = 10 * y - 3 * y * y - 2;
          j[2] = 1;
          j[3] = 3 * y * y + 2 * y - 14;
        });
  }

  /** #3: r₁ = 10⁴x₁x₂ − 1, r₂ = e^{−x₁} + e^{−x₂} − 1.0001. */
  static MghProblem powellBadlyScaled() {
    return new MghProblem(
        3,
        "Powell badly scaled",
        2,
        2,
        new double[] {0, 1},
        1.1352617173483783,
        0,
        List.of(),
        (x, r, j) -> {
          double e0 = Math.exp(-x[0]);
          double e1 = Math.exp(-x[1]);
          r[0] = 1e4 * x[0] * x[1] - 1;
          r[1] = e0 + e1 - 1.0001;
          j[0] = 1e4 * x[1];
          j[1] = 1e4 * x[0];
          j[2] = -e0;
          j[3] = -e1;
        });
  }

  /** #4: r₁ = x₁ − 10⁶, r₂ = x₂ − 2·10⁻⁶, r₃ = x₁x₂ − 2. */
  static MghProblem brownBadlyScaled() {
    return new MghProblem(
        4,
        "Brown badly scaled",
        2,
        3,
        new double[] {1, 1},
        999998000003.0,
        0,
        List.of(),
        (x, r, j) -> {
          r[0] = x[0] - 1e6;
          r[1] = x[1] - 2e-6;
          r[2] = x[0] * x[1] - 2;
          j[0] = 1;
          j[1] = 0;
          j[2] = 0;
          j[3] = 1;
          j[4] = x[1];
          j[5] = x[0];
        });
  }

  /** #6: rᵢ = 2 + 2i − (e^{i x₁} + e^{i x₂}), i = 1..10. */
  static MghProblem jennrichSampson() {
    return new MghProblem(
        6,
        "Jennrich and Sampson",
        2,
        10,
        new double[] {0.3, 0.4},
        4171.306161960493,
        124.362182356,
        List.of(),
        (x, r, j) -> {
          for (int i = 1; i <= 10; i++) {
            double e0 = Math.exp(i * x[0]);
            double e1 = Math.exp(i * x[1]);
            r[i - 1] = 2 + 2 * i - (e0 + e1);
            j[(i - 1) * 2] = -i * e0;
            j[(i - 1) * 2 + 1] = -i * e1;
          }
        });
  }

  private static final double[] BARD_Y = {
    0.14, 0.18, 0.22, 0.25, 0.29, 0.32, 0.35, 0.39, 0.37, 0.58, 0.73, 0.96, 1.34, 2.1, 4.39
  };

  /** #8: rᵢ = yᵢ − (x₁ + uᵢ/(vᵢx₂ + wᵢx₃)), uᵢ = i, vᵢ = 16 − i, wᵢ = min(uᵢ, vᵢ). */
  static MghProblem bard() {
    return new MghProblem(
        8,
        "Bard",
        3,
        15,
        new double[] {1, 1, 1},
        41.68169586167801,
        0.00821487730658,
        List.of(),
        (x, r, j) -> {
          for (int i = 1; i <= 15; i++) {
            double u = i;
            double v = 16 - i;
            double w = Math.min(u, v);
            double denominator = v * x[1] + w * x[2];
            int row = (i - 1) * 3;
            r[i - 1] = BARD_Y[i - 1] - (x[0] + u / denominator);
            j[row] = -1;
            j[row + 1] = u * v / (denominator * denominator);
            j[row + 2] = u * w / (denominator * denominator);
          }
        });
  }

  private static final double[] MEYER_Y = {
    34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307,
    2872
  };

  /** #10: rᵢ = x₁ exp(x₂/(tᵢ + x₃)) − yᵢ, tᵢ = 45 + 5i. */
  static MghProblem meyer() {
    return new MghProblem(
        10,
        "Meyer",
        3,
        16,
        new double[] {0.02, 4000, 250},
        1693607809.4361455,
        87.9458551738,
        List.of(),
        (x, r, j) -> {
          for (int i = 1; i <= 16; i++) {
            double t = 45 + 5 * i;
            double shifted = t + x[2];
            double e = Math.exp(x[1] / shifted);
            int row = (i - 1) * 3;
            r[i - 1] = x[0] * e - MEYER_Y[i - 1];
            j[row] = e;
            j[row + 1] = x[0] * e / shifted;
            j[row + 2] = -x[0] * e * x[1] / (shifted * shifted);
          }
        });
  }

  /**
   * #11: rᵢ = exp(−|yᵢ − x₂|^{x₃} / x₁) − tᵢ, tᵢ = i/100, yᵢ = 25 + (−50 ln tᵢ)^{2/3}, i = 1..99.
   */
  static MghProblem gulf() {
    return new MghProblem(
        11,
        "Gulf research and development",
        3,
        99,
        new double[] {5, 2.5, 0.15},
        12.11070582556949,
        0,
        List.of(),
        (x, r, j) -> {
          for (int i = 1; i <= 99; i++) {
            double t = i / 100.0;
            double y = 25 + Math.pow(-50 * Math.log(t), 2.0 / 3.0);
            double difference = y - x[1];
            double distance = Math.abs(difference);
            double power = Math.pow(distance, x[2]);
            double ratio = power / x[0];
            double e = Math.exp(-ratio);
            int row = (i - 1) * 3;
            r[i - 1] = e - t;
            j[row] = e * ratio / x[0];
            j[row + 1] =
                distance == 0
                    ? 0
                    : e * x[2] * Math.pow(distance, x[2] - 1) * Math.signum(difference) / x[0];
            j[row + 2] = distance == 0 ? 0 : -e * ratio * Math.log(distance);
          }
        });
  }

  /** #13: r = (x₁ + 10x₂, √5(x₃ − x₄), (x₂ − 2x₃)², √10(x₁ − x₄)²). */
  static MghProblem powellSingular() {
    return new MghProblem(
        13,
        "Powell singular",
        4,
        4,
        new double[] {3, -1, 0, 1},
        215,
        0,
        List.of(),
        (x, r, j) -> powellSingularBlock(x, 0, r, 0, j, 4));
  }

  /** One block of four residuals of (extended) Powell singular at x[k..k+3], rows from row. */
  private static void powellSingularBlock(
      double[] x, int k, double[] r, int row, double[] j, int n) {
    double a = x[k];
    double b = x[k + 1];
    double c = x[k + 2];
    double d = x[k + 3];
    r[row] = a + 10 * b;
    r[row + 1] = SQRT5 * (c - d);
    r[row + 2] = (b - 2 * c) * (b - 2 * c);
    r[row + 3] = SQRT10 * (a - d) * (a - d);
    for (int q = 0; q < 4; q++) {
      java.util.Arrays.fill(j, (row + q) * n, (row + q + 1) * n, 0);
    }
    j[row * n + k] = 1;
    j[row * n + k + 1] = 10;
    j[(row + 1) * n + k + 2] = SQRT5;
    j[(row + 1) * n + k + 3] = -SQRT5;
    j[(row + 2) * n + k + 1] = 2 * (b - 2 * c);
    j[(row + 2) * n + k + 2] = -4 * (b - 2 * c);
    j[(row + 3) * n + k] = 2 * SQRT10 * (a - d);
    j[(row + 3) * n + k + 3] = -2 * SQRT10 * (a - d);
  }

  private static final double[] OSBORNE1_Y = {
    0.844, 0.908, 0.932, 0.936, 0.925, 0.908, 0.881, 0.85, 0.818, 0.784, 0.751, 0.718, 0.685, 0.658,
    0.628, 0.603, 0.58, 0.558, 0.538, 0.522, 0.506, 0.49, 0.478, 0.467, 0.457, 0.448, 0.438, 0.431,
    0.424, 0.42, 0.414, 0.411, 0.406
  };

  /** #17: rᵢ = yᵢ − (x₁ + x₂e^{−tᵢx₄} + x₃e^{−tᵢx₅}), tᵢ = 10(i − 1), i = 1..33. */
  static MghProblem osborne1() {
    return new MghProblem(
        17,
        "Osborne 1",
        5,
        33,
        new double[] {0.5, 1.5, -1, 0.01, 0.02},
        0.8790262935446405,
        5.46489469748e-05,
        List.of(),
        (x, r, j) -> {
          for (int i = 1; i <= 33; i++) {
            double t = 10 * (i - 1);
            double e4 = Math.exp(-t * x[3]);
            double e5 = Math.exp(-t * x[4]);
            int row = (i - 1) * 5;
            r[i - 1] = OSBORNE1_Y[i - 1] - (x[0] + x[1] * e4 + x[2] * e5);
            j[row] = -1;
            j[row + 1] = -e4;
            j[row + 2] = -e5;
            j[row + 3] = x[1] * t * e4;
            j[row + 4] = x[2] * t * e5;
          }
        });
  }

  /** #21, n = 10: r_{2i−1} = 10(x_{2i} − x_{2i−1}²), r_{2i} = 1 − x_{2i−1}. */
  static MghProblem extendedRosenbrock() {
    int n = 10;
    double[] start = new double[n];
    for (int i = 0; i < n; i += 2) {
      start[i] = -1.2;
      start[i + 1] = 1;
    }
    return new MghProblem(
        21,
        "Extended Rosenbrock",
        n,
        n,
        start,
        121,
        0,
        List.of(),
        (x, r, j) -> {
          java.util.Arrays.fill(j, 0);
          for (int i = 0; i < n; i += 2) {
            r[i] = 10 * (x[i + 1] - x[i] * x[i]);
            r[i + 1] = 1 - x[i];
            j[i * n + i] = -20 * x[i];
            j[i * n + i + 1] = 10;
            j[(i + 1) * n + i] = -1;
          }
        });
  }

  /** #22, n = 12: Powell singular on each block of four variables. */
  static MghProblem extendedPowellSingular() {
    int n = 12;
    double[] start = new double[n];
    for (int i = 0; i < n; i += 4) {
      start[i] = 3;
      start[i + 1] = -1;
      start[i + 2] = 0;
      start[i + 3] = 1;
    }
    return new MghProblem(
        22,
        "Extended Powell singular",
        n,
        n,
        start,
        645,
        0,
        List.of(),
        (x, r, j) -> {
          for (int k = 0; k < n; k += 4) {
            powellSingularBlock(x, k, r, k, j, n);
          }
        });
  }

  /** #23, n = 4: rᵢ = √(10⁻⁵)(xᵢ − 1), i = 1..n; r_{n+1} = Σⱼ xⱼ² − 1/4. */
  static MghProblem penalty1() {
    int n = 4;
    double scale = Math.sqrt(1e-5);
    return new MghProblem(
        23,
        "Penalty I",
        n,
        n + 1,
        new double[] {1, 2, 3, 4},
        885.06264,
        2.2499775009e-05,
        List.of(),
        (x, r, j) -> {
          java.util.Arrays.fill(j, 0);
          double squares = 0;
          for (int i = 0; i < n; i++) {
            r[i] = scale * (x[i] - 1);
            j[i * n + i] = scale;
            squares += x[i] * x[i];
            j[n * n + i] = 2 * x[i];
          }
          r[n] = squares - 0.25;
        });
  }

  /** #26, n = 10: rᵢ = n − Σⱼ cos xⱼ + i(1 − cos xᵢ) − sin xᵢ. */
  static MghProblem trigonometric() {
    int n = 10;
    double[] start = new double[n];
    java.util.Arrays.fill(start, 1.0 / n);
    return new MghProblem(
        26,
        "Trigonometric",
        n,
        n,
        start,
        0.0070757594662228356,
        0,
        List.of(2.7950561218799232e-05),
        (x, r, j) -> {
          double cosines = 0;
          for (int k = 0; k < n; k++) {
            cosines += Math.cos(x[k]);
          }
          for (int i = 0; i < n; i++) {
            int index = i + 1;
            r[i] = n - cosines + index * (1 - Math.cos(x[i])) - Math.sin(x[i]);
            for (int k = 0; k < n; k++) {
              j[i * n + k] = Math.sin(x[k]);
            }
            j[i * n + i] += index * Math.sin(x[i]) - Math.cos(x[i]);
          }
        });
  }

  /**
   * #28, n = 10: rᵢ = 2xᵢ − x_{i−1} − x_{i+1} + h²(xᵢ + tᵢ + 1)³/2, h = 1/(n + 1), tᵢ = ih, x₀ =
   * x_{n+1} = 0.
   */
  static MghProblem discreteBoundaryValue() {
    int n = 10;
    double h = 1.0 / (n + 1);
    double[] start = new double[n];
    for (int i = 0; i < n; i++) {
      double t = (i + 1) * h;
      start[i] = t * (t - 1);
    }
    return new MghProblem(
        28,
        "Discrete boundary value",
        n,
        n,
        start,
        0.00078851910126482,
        0,
        List.of(),
        (x, r, j) -> {
          java.util.Arrays.fill(j, 0);
          for (int i = 0; i < n; i++) {
            double t = (i + 1) * h;
            double left = i > 0 ? x[i - 1] : 0;
            double right = i < n - 1 ? x[i + 1] : 0;
            double cube = x[i] + t + 1;
            r[i] = 2 * x[i] - left - right + h * h * cube * cube * cube / 2;
            j[i * n + i] = 2 + 1.5 * h * h * cube * cube;
            if (i > 0) {
              j[i * n + i - 1] = -1;
            }
            if (i < n - 1) {
              j[i * n + i + 1] = -1;
            }
          }
        });
  }

  /** #30, n = 10: rᵢ = (3 − 2xᵢ)xᵢ − x_{i−1} − 2x_{i+1} + 1, x₀ = x_{n+1} = 0. */
  static MghProblem broydenTridiagonal() {
    int n = 10;
    double[] start = new double[n];
    java.util.Arrays.fill(start, -1);
    return new MghProblem(
        30,
        "Broyden tridiagonal",
        n,
        n,
        start,
        21,
        0,
        List.of(),
        (x, r, j) -> {
          java.util.Arrays.fill(j, 0);
          for (int i = 0; i < n; i++) {
            double left = i > 0 ? x[i - 1] : 0;
            double right = i < n - 1 ? x[i + 1] : 0;
            r[i] = (3 - 2 * x[i]) * x[i] - left - 2 * right + 1;
            j[i * n + i] = 3 - 4 * x[i];
            if (i > 0) {
              j[i * n + i - 1] = -1;
            }
            if (i < n - 1) {
              j[i * n + i + 1] = -2;
            }
          }
        });
  }

  /** #32, n = 5, m = 10: rᵢ = xᵢ − (2/m)Σⱼxⱼ − 1 (i ≤ n), rᵢ = −(2/m)Σⱼxⱼ − 1 (i &gt; n). */
  static MghProblem linearFullRank() {
    int n = 5;
    int m = 10;
    return new MghProblem(
        32,
        "Linear function - full rank",
        n,
        m,
        new double[] {1, 1, 1, 1, 1},
        25,
        5,
        List.of(),
        (x, r, j) -> {
          double sum = 0;
          for (double value : x) {
            sum += value;
          }
          for (int i = 0; i < m; i++) {
            r[i] = (i < n ? x[i] : 0) - 2.0 / m * sum - 1;
            for (int k = 0; k < n; k++) {
              j[i * n + k] = (i == k ? 1 : 0) - 2.0 / m;
            }
          }
        });
  }

  /**
   * #34, n = 5, m = 10: r₁ = −1, rᵢ = (i − 1)Σ_{j=2}^{n−1} j xⱼ − 1 (i = 2..m−1), r_m = −1; f* =
   * (m² + 3m − 6) / (2(2m − 3)).
   */
  static MghProblem linearRank1ZeroColumnsRows() {
    int n = 5;
    int m = 10;
    return new MghProblem(
        34,
        "Linear function - rank 1 with zero columns and rows",
        n,
        m,
        new double[] {1, 1, 1, 1, 1},
        15886,
        (m * m + 3.0 * m - 6) / (2 * (2.0 * m - 3)),
        List.of(),
        (x, r, j) -> {
          java.util.Arrays.fill(j, 0);
          double sum = 0;
          for (int k = 2; k <= n - 1; k++) {
            sum += k * x[k - 1];
          }
          r[0] = -1;
          r[m - 1] = -1;
          for (int i = 2; i <= m - 1; i++) {
            r[i - 1] = (i - 1) * sum - 1;
            for (int k = 2; k <= n - 1; k++) {
              j[(i - 1) * n + k - 1] = (i - 1) * k;
            }
          }
        });
  }
}
