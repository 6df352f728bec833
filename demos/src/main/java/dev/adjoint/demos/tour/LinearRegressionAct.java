package dev.adjoint.demos.tour;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.demos.cli.ExpressionLanguage;
import dev.adjoint.demos.problems.LinearRegression;
import dev.adjoint.demos.text.Numbers;
import dev.adjoint.demos.text.Table;
import dev.adjoint.optim.ExprObjective;
import dev.adjoint.optim.Optimization;
import dev.adjoint.optim.OptimizationResult;
import dev.adjoint.optim.StoppingRule;
import dev.adjoint.optim.linesearch.StrongWolfe;
import dev.adjoint.optim.method.GradientDescent;
import dev.adjoint.optim.method.Newton;
import dev.adjoint.optim.quadratic.LeastSquares;
import java.io.PrintWriter;

/**
 * Act 1: linear regression. The squared error is quadratic in w, so its derivative is linear and
 * setting it to zero gives the normal equations, solved in closed form; gradient descent with a
 * line search and a single Newton step reach the same weights.
 */
final class LinearRegressionAct {
  /** Points, features (plus a bias) and noise of the generated data. */
  private static final int POINTS = 200;

  private static final int FEATURES = 3;
  private static final double NOISE = 0.1;
  private static final long SEED = 7;

  private LinearRegressionAct() {}

  static void run(TourContext context) {
    PrintWriter out = context.out();
    context.heading("1. Linear regression: a loss you can solve");
    LinearRegression data = LinearRegression.generate(POINTS, FEATURES, NOISE, SEED);
    Variable w = data.weights();
    Expr symbolic = data.symbolicLoss();
    Expr derivative = ExpressionLanguage.simplify(symbolic.gradient(w).of(w));
    out.printf(
        "%d points y = X·w_true + noise, X with %d features and a column of ones (the bias).%n",
        POINTS, FEATURES);
    out.println("  L(w)  = " + ExpressionLanguage.unicode(symbolic));
    out.println(
        "  ∂L/∂w = " + ExpressionLanguage.unicode(derivative) + "   (Adjoint's derivative)");
    out.println("The derivative is linear in w, so ∂L/∂w = 0 is a linear system, the normal");
    out.println(
        "equations XᵀX·w = Xᵀy. Solve them, then let two iterative methods find the same w:");
    out.println();

    long t0 = System.nanoTime();
    double[] closedForm =
        LeastSquares.of(POINTS, data.dimension(), data.design().toArray(), data.targets().toArray())
            .solveNormalEquations();
    long closedFormNanos = System.nanoTime() - t0;

    ExprObjective objective = ExprObjective.of(data.loss(), w);
    double[] start = new double[data.dimension()];
    OptimizationResult descent =
        Optimization.of(GradientDescent.with(StrongWolfe.withDefaults()))
            .stopWhen(StoppingRule.gradientNormBelow(1e-6).or(StoppingRule.maxIterations(1000)))
            .minimize(objective, start);
    OptimizationResult newton =
        Optimization.of(Newton.withDefaults())
            .stopWhen(StoppingRule.gradientNormBelow(1e-6).or(StoppingRule.maxIterations(1)))
            .minimize(objective, start);

    double[] gradient = new double[data.dimension()];
    double closedFormLoss = objective.valueAndGradient(closedForm, gradient);
    double closedFormGradient = normInf(gradient);
    Table table =
        Table.withColumns("method", "iterations", "evaluations", "L(w)", "‖∂L/∂w‖∞", "time", "w")
            .row(
                "normal equations (closed form)",
                "–",
                "–",
                Numbers.sig(closedFormLoss),
                Numbers.sig(closedFormGradient),
                Numbers.duration(closedFormNanos),
                Numbers.vector(closedForm))
            .row(
                "gradient descent, strong Wolfe",
                descent.iterations(),
                descent.evaluations(),
                Numbers.sig(descent.value()),
                Numbers.sig(descent.gradientNorm()),
                Numbers.duration(descent.elapsedNanos()),
                Numbers.vector(descent.point()))
            .row(
                "Newton, one step",
                newton.iterations(),
                newton.evaluations(),
                Numbers.sig(newton.value()),
                Numbers.sig(newton.gradientNorm()),
                Numbers.duration(newton.elapsedNanos()),
                Numbers.vector(newton.point()));
    out.print(table.render("  "));
    out.println();
    out.printf(
        "They agree: max |w − w_closed| is %s for gradient descent, %s for Newton.%n",
        Numbers.sig(maxDifference(descent.point(), closedForm)),
        Numbers.sig(maxDifference(newton.point(), closedForm)));
    out.println(
        "Newton needs one step because L is quadratic: its second-order model is L itself.");
    out.println(
        "(The data was generated from w_true = "
            + Numbers.vector(data.trueWeights().toArray())
            + ".)");
  }

  private static double normInf(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  private static double maxDifference(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
