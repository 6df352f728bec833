package dev.adjoint.demos.cli;

import dev.adjoint.demos.io.InputException;
import dev.adjoint.optim.Minimizer;
import dev.adjoint.optim.Status;
import dev.adjoint.optim.firstorder.AdaGrad;
import dev.adjoint.optim.firstorder.Adam;
import dev.adjoint.optim.firstorder.FirstOrderMethod;
import dev.adjoint.optim.firstorder.RmsProp;
import dev.adjoint.optim.firstorder.Sgd;
import dev.adjoint.optim.firstorder.Stepper;
import dev.adjoint.optim.linesearch.Backtracking;
import dev.adjoint.optim.linesearch.StrongWolfe;
import dev.adjoint.optim.method.GradientDescent;
import dev.adjoint.optim.method.Lbfgs;
import dev.adjoint.optim.method.Newton;
import dev.adjoint.optim.method.NewtonCg;
import dev.adjoint.optim.method.NonlinearConjugateGradient;
import java.util.Iterator;
import java.util.List;

/**
 * The optimizers by their command-line names ({@code sgd}, {@code lbfgs}, ...), built from the
 * optim module with the learning rate and momentum the user gave.
 *
 * <p>Immutable and thread-safe.
 */
public final class Methods implements Iterable<String> {
  /** Every method name, in the order help lists them. */
  public static final List<String> NAMES =
      List.of(
          "sgd",
          "momentum",
          "nesterov",
          "adagrad",
          "rmsprop",
          "adam",
          "gd-armijo",
          "gd-wolfe",
          "cg",
          "lbfgs",
          "newton",
          "newton-cg");

  /** The momentum coefficient when {@code --momentum} is not given. */
  public static final double DEFAULT_MOMENTUM = 0.9;

  /** For picocli's {@code ${COMPLETION-CANDIDATES}}. */
  public Methods() {}

  @Override
  public Iterator<String> iterator() {
    return NAMES.iterator();
  }

  /** Whether {@code name} is a first-order method, which takes a learning rate. */
  public static boolean isFirstOrder(String name) {
    return NAMES.indexOf(name) >= 0 && NAMES.indexOf(name) <= NAMES.indexOf("adam");
  }

  /**
   * The method called {@code name}.
   *
   * @param learningRate the learning rate of a first-order method, or null for its default
   * @param momentum the momentum of {@code momentum} and {@code nesterov}, or null for 0.9
   * @throws InputException for an unknown name, or a learning rate or momentum given to a method
   *     that has none
   */
  public static Minimizer byName(String name, Double learningRate, Double momentum) {
    String m = name.strip().toLowerCase(java.util.Locale.ROOT);
    if (!NAMES.contains(m)) {
      throw new InputException(
          "unknown method '" + name + "'; the methods are " + String.join(", ", NAMES));
    }
    if (learningRate != null && !isFirstOrder(m)) {
      throw new InputException(
          "--lr applies to first-order methods (sgd … adam); " + m + " chooses its steps itself");
    }
    if (momentum != null && !m.equals("momentum") && !m.equals("nesterov")) {
      throw new InputException("--momentum applies to the methods momentum and nesterov only");
    }
    double beta = momentum == null ? DEFAULT_MOMENTUM : momentum;
    if (momentum != null && !(beta > 0 && beta < 1)) {
      throw new InputException("--momentum must be in (0, 1), got " + momentum);
    }
    if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
      throw new InputException("--lr must be positive, got " + learningRate);
    }
    return switch (m) {
      case "sgd" -> firstOrder(Sgd.plain(), learningRate);
      case "momentum" -> firstOrder(Sgd.momentum(beta), learningRate);
      case "nesterov" -> firstOrder(Sgd.nesterov(beta), learningRate);
      case "adagrad" -> firstOrder(AdaGrad.withDefaults(), learningRate);
      case "rmsprop" -> firstOrder(RmsProp.withDefaults(), learningRate);
      case "adam" -> firstOrder(Adam.withDefaults(), learningRate);
      case "gd-armijo" -> GradientDescent.with(Backtracking.withDefaults());
      case "gd-wolfe" -> GradientDescent.with(StrongWolfe.withDefaults());
      case "cg" -> NonlinearConjugateGradient.withDefaults();
      case "lbfgs" -> Lbfgs.withDefaults();
      case "newton" -> Newton.withDefaults();
      case "newton-cg" -> NewtonCg.withDefaults();
      default -> throw new IllegalStateException("no case for method " + m);
    };
  }

  private static Minimizer firstOrder(Stepper stepper, Double learningRate) {
    return learningRate == null
        ? FirstOrderMethod.withDefaultLearningRate(stepper)
        : FirstOrderMethod.of(stepper, learningRate);
  }

  /**
   * The status as the JSON output spells it: converged, max-iterations, line-search-failed, ....
   */
  public static String statusName(Status status) {
    return switch (status) {
      case CONVERGED_GRADIENT_NORM, CONVERGED_VALUE_CHANGE, CONVERGED_STEP_SIZE -> "converged";
      case ITERATION_LIMIT -> "max-iterations";
      case EVALUATION_LIMIT -> "max-evaluations";
      case TIME_LIMIT -> "time-limit";
      case LINE_SEARCH_FAILED -> "line-search-failed";
      case NON_FINITE_VALUE -> "non-finite";
      case DIVERGED -> "diverged";
    };
  }
}
