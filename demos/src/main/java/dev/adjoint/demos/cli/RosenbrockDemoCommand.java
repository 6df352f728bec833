package dev.adjoint.demos.cli;

import dev.adjoint.demos.io.InputException;
import dev.adjoint.demos.io.OutputLocations;
import dev.adjoint.demos.plot.ContourPathPlot;
import dev.adjoint.demos.problems.Rosenbrock;
import dev.adjoint.demos.text.Numbers;
import dev.adjoint.demos.text.Table;
import dev.adjoint.optim.ExprObjective;
import dev.adjoint.optim.IterationRecord;
import dev.adjoint.optim.Minimizer;
import dev.adjoint.optim.Optimization;
import dev.adjoint.optim.OptimizationResult;
import dev.adjoint.optim.StoppingRule;
import dev.adjoint.optim.firstorder.FirstOrderMethod;
import dev.adjoint.optim.firstorder.Sgd;
import dev.adjoint.optim.linesearch.StrongWolfe;
import dev.adjoint.optim.method.GradientDescent;
import dev.adjoint.optim.method.Lbfgs;
import dev.adjoint.optim.method.Newton;
import dev.adjoint.optim.method.NonlinearConjugateGradient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code adjoint demo rosenbrock}: the paths of gradient descent, momentum, Nesterov, nonlinear CG,
 * L-BFGS and Newton from (−1.2, 1) drawn over the contours of Rosenbrock's function, as a PNG.
 *
 * <p>Not thread-safe: picocli sets its options in place; one instance per command line.
 */
@Command(
    name = "rosenbrock",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Draw the paths of six optimizers over the contours of Rosenbrock's function",
      "f(x, y) = (1 − x)² + 100(y − x²)², from (−1.2, 1) to the minimum at (1, 1)."
    })
public final class RosenbrockDemoCommand implements Callable<Integer> {
  /** The plot's file name in the output folder. */
  static final String PLOT = "rosenbrock-paths.png";

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "adjoint-out",
      description = "Folder for the plot (default ${DEFAULT-VALUE}/).")
  Path out;

  @Option(
      names = "--max-iter",
      paramLabel = "N",
      defaultValue = "5000",
      description = "Iteration limit of each method (default ${DEFAULT-VALUE}).")
  int maxIterations;

  /** The methods drawn, by the name in the legend. */
  static Map<String, Minimizer> methods() {
    Map<String, Minimizer> methods = new LinkedHashMap<>();
    methods.put(
        "gradient descent (strong Wolfe)", GradientDescent.with(StrongWolfe.withDefaults()));
    methods.put("momentum (η = 1e-3, β = 0.9)", FirstOrderMethod.of(Sgd.momentum(0.9), 1e-3));
    methods.put("Nesterov (η = 1e-3, β = 0.9)", FirstOrderMethod.of(Sgd.nesterov(0.9), 1e-3));
    methods.put("nonlinear CG", NonlinearConjugateGradient.withDefaults());
    methods.put("L-BFGS", Lbfgs.withDefaults());
    methods.put("Newton", Newton.withDefaults());
    return methods;
  }

  @Override
  public Integer call() {
    if (maxIterations < 1) {
      throw new InputException("--max-iter must be ≥ 1, got " + maxIterations);
    }
    OutputLocations.folder(out, "--out");
    PrintWriter w = spec.commandLine().getOut();
    ExprObjective objective = ExprObjective.of(Rosenbrock.loss(), Rosenbrock.x(), Rosenbrock.y());
    double[] start = {-1.2, 1};
    w.println("f(x, y) = " + ExpressionLanguage.unicode(Rosenbrock.loss()));
    w.printf(
        "From (−1.2, 1) until ‖∇f‖∞ ≤ 1e-8 or %d iterations; the minimum is f(1, 1) = 0.%n%n",
        maxIterations);
    ContourPathPlot plot =
        ContourPathPlot.of(
                "Rosenbrock's function: optimizer paths from (−1.2, 1)",
                Rosenbrock::value,
                -2,
                2,
                -1,
                3)
            .geometricLevels(0.05, 2000, 16)
            .mark(1, 1);
    Table table =
        Table.withColumns(
            "method", "iterations", "evaluations", "f", "distance to (1, 1)", "stopped");
    for (Map.Entry<String, Minimizer> e : methods().entrySet()) {
      OptimizationResult r =
          Optimization.of(e.getValue())
              .recordPoints()
              .stopWhen(
                  StoppingRule.gradientNormBelow(1e-8)
                      .or(StoppingRule.maxIterations(maxIterations)))
              .minimize(objective, start);
      List<IterationRecord> history = r.history();
      double[] xs = new double[history.size()];
      double[] ys = new double[history.size()];
      for (int k = 0; k < history.size(); k++) {
        double[] p = history.get(k).point().orElseThrow();
        xs[k] = p[0];
        ys[k] = p[1];
      }
      plot.path(e.getKey() + ": " + r.iterations() + " it.", xs, ys);
      double[] p = r.point();
      table.row(
          e.getKey(),
          r.iterations(),
          r.evaluations(),
          Numbers.sig(r.value()),
          Numbers.sig(Math.hypot(p[0] - 1, p[1] - 1)),
          Methods.statusName(r.status()));
    }
    w.print(table.render("  "));
    Path file = plot.save(out.resolve(PLOT));
    w.println();
    w.println("Paths over the contours: " + file.toAbsolutePath().normalize());
    w.flush();
    return 0;
  }
}
