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
 * Nonlinear conjugate gradient (Nocedal &amp; Wright ch. 5.2):
 *
 * <pre>
 *   d₀ = −g₀,   d_{k+1} = −g_{k+1} + β_{k+1} d_k,   x_{k+1} = x_k + α_k d_k,
 * </pre>
 *
 * with g = ∇f and β from the chosen {@link Variant}. Restarts (β = 0) every {@code n} iterations,
 * and whenever consecutive gradients are far from orthogonal (Powell's test, N&amp;W eq. 5.52):
 * |g_{k+1}ᵀ g_k| ≥ 0.1 ‖g_{k+1}‖². A direction that is not a descent direction is replaced by −g.
 * The default line search is strong Wolfe with c₂ = 0.1, as N&amp;W recommend for CG
 * (Fletcher–Reeves needs c₂ &lt; ½ for descent). The first trial step is α₀ = 2(f_k − f_{k−1}) /
 * (g_kᵀd_k).
 *
 * <p>Immutable and thread-safe: each run keeps its own state.
 */
public final class NonlinearConjugateGradient implements Minimizer {

  /** The formula for β_{k+1}, with y_k = g_{k+1} − g_k. */
  public enum Variant {
    /** Polak–Ribière+: β = max(0, g_{k+1}ᵀy_k / g_kᵀg_k). */
    POLAK_RIBIERE_PLUS("PR+"),
    /** Fletcher–Reeves: β = g_{k+1}ᵀg_{k+1} / g_kᵀg_k. */
    FLETCHER_REEVES("FR"),
    /** Hestenes–Stiefel: β = g_{k+1}ᵀy_k / d_kᵀy_k. */
    HESTENES_STIEFEL("HS");

    private final String shortName;

    Variant(String shortName) {
      this.shortName = shortName;
    }
  }

  private static final double POWELL_RESTART = 0.1;

  private final Variant variant;
  private final LineSearch lineSearch;

  private NonlinearConjugateGradient(Variant variant, LineSearch lineSearch) {
    this.variant = variant;
    this.lineSearch = lineSearch;
  }

  /** Polak–Ribière+ with strong Wolfe (c₁ = 1e-4, c₂ = 0.1, 30 evaluations). */
  public static NonlinearConjugateGradient withDefaults() {
    return of(Variant.POLAK_RIBIERE_PLUS);
  }

  /** The given variant with strong Wolfe (c₁ = 1e-4, c₂ = 0.1, 30 evaluations). */
  public static NonlinearConjugateGradient of(Variant variant) {
    return of(variant, StrongWolfe.of(1e-4, 0.1, 30));
  }

  /** The given variant and line search. */
  public static NonlinearConjugateGradient of(Variant variant, LineSearch lineSearch) {
    checkArgument(variant != null, "variant is null");
    checkArgument(lineSearch != null, "line search is null");
    return new NonlinearConjugateGradient(variant, lineSearch);
  }

  /** The β formula. */
  public Variant variant() {
    return variant;
  }

  @Override
  public String name() {
    return "CG-" + variant.shortName + "[" + lineSearch.name() + "]";
  }

  @Override
  public MinimizerRun start(Objective objective, double[] x0) {
    return new Run(objective, lineSearch, variant, x0);
  }

  @Override
  public MinimizerRun resume(Objective objective, OptimizerState state) {
    state.checkMethod(name());
    Run run = new Run(objective, lineSearch, variant, state);
    copyInto(state.vector("cg.previousDirection"), run.previousDirection, "previous direction");
    copyInto(state.vector("cg.previousGradient"), run.previousGradient, "previous gradient");
    run.sinceRestart = (long) state.scalar("cg.sinceRestart");
    return run;
  }

  private static void copyInto(double[] source, double[] target, String name) {
    LineSearchRun.copyInto(source, target, name);
  }

  private static final class Run extends LineSearchRun {
    private final Variant variant;
    private final double[] previousDirection;
    private final double[] previousGradient;

    /** Iterations since the last steepest-descent step; 0 means the next step restarts. */
    private long sinceRestart;

    Run(Objective objective, LineSearch lineSearch, Variant variant, double[] x0) {
      super(objective, lineSearch, x0);
      this.variant = variant;
      this.previousDirection = new double[dimension];
      this.previousGradient = new double[dimension];
    }

    Run(Objective objective, LineSearch lineSearch, Variant variant, OptimizerState state) {
      super(objective, lineSearch, state);
      this.variant = variant;
      this.previousDirection = new double[dimension];
      this.previousGradient = new double[dimension];
    }

    @Override
    void computeDirection(double[] direction) {
      double beta = 0;
      if (sinceRestart > 0 && sinceRestart < dimension) {
        double gradientSquared = Vectors.dot(gradient, gradient);
        double overlap = Vectors.dot(gradient, previousGradient);
        if (Math.abs(overlap) < POWELL_RESTART * gradientSquared) {
          beta = beta(gradientSquared, overlap);
        }
      }
      if (beta == 0 || !Double.isFinite(beta)) {
        sinceRestart = 0;
        beta = 0;
      }
      for (int i = 0; i < dimension; i++) {
        direction[i] = -gradient[i] + beta * previousDirection[i];
      }
      System.arraycopy(gradient, 0, previousGradient, 0, dimension);
    }

    private double beta(double gradientSquared, double overlap) {
      double previousSquared = Vectors.dot(previousGradient, previousGradient);
      switch (variant) {
        case FLETCHER_REEVES:
          return gradientSquared / previousSquared;
        case POLAK_RIBIERE_PLUS:
          return Math.max(0, (gradientSquared - overlap) / previousSquared);
        case HESTENES_STIEFEL:
          double numerator = gradientSquared - overlap;
          double denominator =
              Vectors.dot(previousDirection, gradient)
                  - Vectors.dot(previousDirection, previousGradient);
          return numerator / denominator;
        default:
          throw new AssertionError(variant);
      }
    }

    @Override
    double initialStep(double[] direction, double derivative0) {
      return decreaseBasedStep(derivative0);
    }

    @Override
    void update(double[] step, double[] gradientChange, double[] direction) {
      System.arraycopy(direction, 0, previousDirection, 0, dimension);
      sinceRestart++;
    }

    @Override
    boolean isSteepestDescent() {
      return sinceRestart == 0;
    }

    @Override
    void clearMemory() {
      sinceRestart = 0;
    }

    @Override
    void saveMemory(OptimizerState.Builder state) {
      state.vector("cg.previousDirection", previousDirection);
      state.vector("cg.previousGradient", previousGradient);
      state.scalar("cg.sinceRestart", sinceRestart);
    }
  }
}
