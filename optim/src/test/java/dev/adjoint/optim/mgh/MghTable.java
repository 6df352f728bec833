package dev.adjoint.optim.mgh;

import dev.adjoint.optim.Minimizer;
import dev.adjoint.optim.OptimizationResult;
import dev.adjoint.optim.StoppingRule;
import dev.adjoint.optim.method.GradientDescent;
import dev.adjoint.optim.method.Lbfgs;
import dev.adjoint.optim.method.Newton;
import dev.adjoint.optim.method.NonlinearConjugateGradient;
import java.util.List;

/**
 * Prints the Markdown table of {@code optim/README.md}: every method on every MGH problem from the
 * standard start. Run with {@code java -cp ... dev.adjoint.optim.mgh.MghTable} (test classpath).
 */
public final class MghTable {
  private MghTable() {}

  static final List<Minimizer> METHODS =
      List.of(
          Lbfgs.withDefaults(),
          NonlinearConjugateGradient.withDefaults(),
          Newton.withDefaults(),
          GradientDescent.withDefaults());

  /** The rule used for the table and the required-count test. */
  static StoppingRule rule(Minimizer method) {
    long limit = method instanceof GradientDescent ? 20_000 : 2_000;
    return StoppingRule.gradientNormBelow(1e-10)
        .or(StoppingRule.relativeValueChangeBelow(1e-16))
        .or(StoppingRule.maxIterations(limit));
  }

  static OptimizationResult run(MghProblem problem, Minimizer method) {
    return method.minimize(problem.objective(), problem.start(), rule(method));
  }

  /** Prints the table. */
  public static void main(String[] args) {
    System.out.println(
        "| # | problem | n | method | iterations | evaluations | final f | known f* | reached |"
            + " status |");
    System.out.println("|---|---|---|---|---:|---:|---:|---:|---|---|");
    for (MghProblem problem : MghProblems.all()) {
      for (Minimizer method : METHODS) {
        OptimizationResult result = run(problem, method);
        System.out.printf(
            "| %d | %s | %d | %s | %d | %d | %.10g | %.10g | %s | %s |%n",
            problem.number(),
            problem.name(),
            problem.n(),
            shortName(method),
            result.iterations(),
            result.evaluations(),
            result.value(),
            problem.minimum(),
            problem.reachesMinimum(result.value()) ? "yes" : "**no**",
            result.status());
      }
    }
  }

  static String shortName(Minimizer method) {
    String name = method.name();
    int bracket = name.indexOf('[');
    return bracket < 0 ? name : name.substring(0, bracket);
  }
}
