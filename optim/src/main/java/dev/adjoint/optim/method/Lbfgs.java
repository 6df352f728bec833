package dev.adjoint.optim.method;

import static com.google.common.base.Preconditions.checkArgument;

import dev.adjoint.optim.Minimizer;
import dev.adjoint.optim.MinimizerRun;
import dev.adjoint.optim.Objective;
import dev.adjoint.optim.OptimizerState;
import dev.adjoint.optim.Vectors;
import dev.adjoint.optim.linesearch.LineSearch;
import dev.adjoint.optim.linesearch.StrongWolfe;

/**
 * Limited-memory BFGS (Nocedal &amp; Wright Alg. 7.4 and 7.5): d_k = −H_k ∇f_k, where H_k is the
 * inverse-Hessian approximation from the last m pairs s_i = x_{i+1} − x_i, y_i = ∇f_{i+1} − ∇f_i,
 * applied by the two-loop recursion
 *
 * <pre>
 *   q ← ∇f_k;  for i = k−1, …, k−m:  ρ_i = 1/(y_iᵀs_i),  a_i = ρ_i s_iᵀq,  q ← q − a_i y_i
 *   r ← γ_k q,  γ_k = s_{k−1}ᵀy_{k−1} / y_{k−1}ᵀy_{k−1}
 *   for i = k−m, …, k−1:  b = ρ_i y_iᵀr,  r ← r + s_i (a_i − b)
 *   d_k = −r.
 * </pre>
 *
 * A pair with s_iᵀy_i ≤ 0 (or not finite) is skipped, so H_k stays positive definite. With an empty
 * memory d = −∇f and the first trial step is min(1, 1/‖∇f‖₂); otherwise α₀ = 1. The default line
 * search is strong Wolfe (c₁ = 1e-4, c₂ = 0.9), which guarantees sᵀy &gt; 0.
 *
 * <p>Immutable and thread-safe: each run keeps its own state.
 */
public final class Lbfgs implements Minimizer {
  private final int memory;
  private final LineSearch lineSearch;

  private Lbfgs(int memory, LineSearch lineSearch) {
    this.memory = memory;
    this.lineSearch = lineSearch;
  }

  /** m = 10 pairs, strong Wolfe with c₁ = 1e-4, c₂ = 0.9. */
  public static Lbfgs withDefaults() {
    return of(10, StrongWolfe.withDefaults());
  }

  /**
   * L-BFGS with history {@code memory} and the given line search.
   *
   * @throws IllegalArgumentException if memory &lt; 1 or the line search is null
   */
  public static Lbfgs of(int memory, LineSearch lineSearch) {
    checkArgument(memory >= 1, "memory must be ≥ 1, got %s", memory);
    checkArgument(lineSearch != null, "line search is null");
    return new Lbfgs(memory, lineSearch);
  }

  /** The number m of (s, y) pairs kept. */
  public int memory() {
    return memory;
  }

  @Override
  public String name() {
    return "L-BFGS(m=" + memory + ")[" + lineSearch.name() + "]";
  }

  @Override
  public MinimizerRun start(Objective objective, double[] x0) {
    return new Run(objective, lineSearch, memory, x0);
  }

  @Override
  public MinimizerRun resume(Objective objective, OptimizerState state) {
    state.checkMethod(name());
    Run run = new Run(objective, lineSearch, memory, state);
    int pairs = (int) state.scalar("lbfgs.pairs");
    double[] steps = state.vector("lbfgs.s");
    double[] changes = state.vector("lbfgs.y");
    int n = objective.dimension();
    checkArgument(
        pairs >= 0 && pairs <= memory && steps.length == pairs * n && changes.length == pairs * n,
        "saved L-BFGS memory does not fit m = %s, n = %s",
        memory,
        n);
    for (int p = 0; p < pairs; p++) {
      double[] s = new double[n];
      double[] y = new double[n];
      System.arraycopy(steps, p * n, s, 0, n);
      System.arraycopy(changes, p * n, y, 0, n);
      run.push(s, y);
    }
    return run;
  }

  private static final class Run extends LineSearchRun {
    private final int memory;
    private final double[][] steps;
    private final double[][] changes;
    private final double[] inverseCurvatures;
    private final double[] coefficients;

    /** Index of the oldest pair in the ring. */
    private int oldest;

    private int pairs;

    Run(Objective objective, LineSearch lineSearch, int memory, double[] x0) {
      super(objective, lineSearch, x0);
      this.memory = memory;
      this.steps = new double[memory][dimension];
      this.changes = new double[memory][dimension];
      this.inverseCurvatures = new double[memory];
      this.coefficients = new double[memory];
    }

    Run(Objective objective, LineSearch lineSearch, int memory, OptimizerState state) {
      super(objective, lineSearch, state);
      this.memory = memory;
      this.steps = new double[memory][dimension];
      this.changes = new double[memory][dimension];
      this.inverseCurvatures = new double[memory];
      this.coefficients = new double[memory];
    }

    /** Appends a pair, dropping the oldest when full; skips it unless sᵀy &gt; 0. */
    void push(double[] s, double[] y) {
      double curvature = Vectors.dot(s, y);
      if (!(curvature > 0) || !Double.isFinite(curvature) || !Double.isFinite(Vectors.dot(y, y))) {
        return;
      }
      int slot;
      if (pairs < memory) {
        slot = (oldest + pairs) % memory;
        pairs++;
      } else {
        slot = oldest;
        oldest = (oldest + 1) % memory;
      }
      System.arraycopy(s, 0, steps[slot], 0, dimension);
      System.arraycopy(y, 0, changes[slot], 0, dimension);
      inverseCurvatures[slot] = 1 / curvature;
    }

    @Override
    void computeDirection(double[] direction) {
      System.arraycopy(gradient, 0, direction, 0, dimension);
      for (int j = pairs - 1; j >= 0; j--) {
        int slot = (oldest + j) % memory;
        double a = inverseCurvatures[slot] * Vectors.dot(steps[slot], direction);
        coefficients[slot] = a;
        Vectors.axpy(-a, changes[slot], direction);
      }
      if (pairs > 0) {
        int newest = (oldest + pairs - 1) % memory;
        double[] y = changes[newest];
        double scaling = 1 / (inverseCurvatures[newest] * Vectors.dot(y, y));
        for (int i = 0; i < dimension; i++) {
          direction[i] *= scaling;
        }
      }
      for (int j = 0; j < pairs; j++) {
        int slot = (oldest + j) % memory;
        double b = inverseCurvatures[slot] * Vectors.dot(changes[slot], direction);
        Vectors.axpy(coefficients[slot] - b, steps[slot], direction);
      }
      Vectors.negate(direction);
    }

    @Override
    double initialStep(double[] direction, double derivative0) {
      return pairs == 0 ? Math.min(1, 1 / Vectors.norm2(gradient)) : 1;
    }

    @Override
    void update(double[] step, double[] gradientChange, double[] direction) {
      push(step, gradientChange);
    }

    @Override
    boolean isSteepestDescent() {
      return pairs == 0;
    }

    @Override
    void clearMemory() {
      pairs = 0;
      oldest = 0;
    }

    @Override
    void saveMemory(OptimizerState.Builder state) {
      double[] s = new double[pairs * dimension];
      double[] y = new double[pairs * dimension];
      for (int j = 0; j < pairs; j++) {
        int slot = (oldest + j) % memory;
        System.arraycopy(steps[slot], 0, s, j * dimension, dimension);
        System.arraycopy(changes[slot], 0, y, j * dimension, dimension);
      }
      state.scalar("lbfgs.pairs", pairs);
      state.vector("lbfgs.s", s);
      state.vector("lbfgs.y", y);
    }
  }
}
