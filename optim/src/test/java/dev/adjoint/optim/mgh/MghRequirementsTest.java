package dev.adjoint.optim.mgh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.adjoint.optim.Minimizer;
import dev.adjoint.optim.OptimizationResult;
import dev.adjoint.optim.Status;
import dev.adjoint.optim.StoppingRule;
import dev.adjoint.optim.Vectors;
import dev.adjoint.optim.method.Lbfgs;
import dev.adjoint.optim.method.Newton;
import dev.adjoint.optim.method.NonlinearConjugateGradient;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The acceptance counts of issue 4 on the 18 MGH problems from their standard starting points, with
 * the rule of {@link MghTable} (the table in {@code optim/README.md}).
 */
class MghRequirementsTest {

  private static List<String> reached(Minimizer method) {
    return MghProblems.all().stream()
        .filter(problem -> problem.reachesMinimum(MghTable.run(problem, method).value()))
        .map(MghProblem::name)
        .collect(Collectors.toList());
  }

  @Test
  void lbfgsReachesTheKnownMinimumOnAtLeast16Of18() {
    assertThat(reached(Lbfgs.withDefaults())).hasSizeGreaterThanOrEqualTo(16);
  }

  @Test
  void newtonReachesTheKnownMinimumOnAtLeast16Of18() {
    assertThat(reached(Newton.withDefaults())).hasSizeGreaterThanOrEqualTo(16);
  }

  @Test
  void nonlinearConjugateGradientReachesTheKnownMinimumOnAtLeast14Of18() {
    assertThat(reached(NonlinearConjugateGradient.withDefaults())).hasSizeGreaterThanOrEqualTo(14);
  }

  @Test
  void everyResultIsFiniteAndNoBetterThanPossible() {
    for (MghProblem problem : MghProblems.all()) {
      for (Minimizer method : MghTable.METHODS) {
        OptimizationResult result = MghTable.run(problem, method);
        assertThat(Vectors.allFinite(result.point())).as("%s %s", problem, method.name()).isTrue();
        assertThat(result.value())
            .as("%s %s", problem, method.name())
            .isGreaterThanOrEqualTo(problem.minimum() * (1 - 1e-9));
        assertThat(result.value()).isLessThanOrEqualTo(problem.valueAtStart());
      }
    }
  }

  /** SciPy's tolerance for BFGS / L-BFGS-B / CG: ‖∇f‖∞ ≤ 1e-5. */
  private static final StoppingRule SCIPY_LIKE =
      StoppingRule.gradientNormBelow(1e-5).or(StoppingRule.maxIterations(1000));

  @Test
  void lbfgsSolvesRosenbrockFromTheStandardStartInAtMost40Iterations() {
    MghProblem rosenbrock = MghProblems.rosenbrock();

    OptimizationResult result =
        Lbfgs.withDefaults().minimize(rosenbrock.objective(), rosenbrock.start(), SCIPY_LIKE);

    assertThat(result.status()).isEqualTo(Status.CONVERGED_GRADIENT_NORM);
    assertThat(result.iterations()).isLessThanOrEqualTo(40);
    assertThat(result.point()[0]).isCloseTo(1, org.assertj.core.api.Assertions.within(1e-4));
    assertThat(result.point()[1]).isCloseTo(1, org.assertj.core.api.Assertions.within(1e-4));
  }

  @Test
  void newtonSolvesRosenbrockFromTheStandardStartInAtMost25Iterations() {
    MghProblem rosenbrock = MghProblems.rosenbrock();

    OptimizationResult result =
        Newton.withDefaults().minimize(rosenbrock.objective(), rosenbrock.start(), SCIPY_LIKE);

    assertThat(result.status()).isEqualTo(Status.CONVERGED_GRADIENT_NORM);
    assertThat(result.iterations()).isLessThanOrEqualTo(25);
    assertThat(result.value()).isLessThanOrEqualTo(1e-10);
  }
}
