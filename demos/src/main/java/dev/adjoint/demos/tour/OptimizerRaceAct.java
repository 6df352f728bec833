package dev.adjoint.demos.tour;

import dev.adjoint.autodiff.Variable;
import dev.adjoint.demos.plot.LossCurvePlot;
import dev.adjoint.demos.problems.Neuron;
import dev.adjoint.demos.progress.Progress;
import dev.adjoint.demos.text.Numbers;
import dev.adjoint.demos.text.Table;
import dev.adjoint.optim.ExprObjective;
import dev.adjoint.optim.IterationRecord;
import dev.adjoint.optim.Minimizer;
import dev.adjoint.optim.Optimization;
import dev.adjoint.optim.OptimizationResult;
import dev.adjoint.optim.StoppingRule;
import dev.adjoint.optim.firstorder.Adam;
import dev.adjoint.optim.firstorder.FirstOrderMethod;
import dev.adjoint.optim.firstorder.Sgd;
import dev.adjoint.optim.linesearch.Backtracking;
import dev.adjoint.optim.linesearch.StrongWolfe;
import dev.adjoint.optim.method.GradientDescent;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Act 3: the neuron's loss minimised from W = 0 by six methods: SGD, momentum, Nesterov and Adam
 * with fixed learning rates, and gradient descent with Armijo backtracking and with a strong Wolfe
 * line search. A table compares them and a log-scale plot shows their loss curves.
 */
final class OptimizerRaceAct {
  /** The stopping tolerance on ‖∇L‖∞. */
  static final double GRADIENT_TOLERANCE = 1e-6;

  /** The plot's file name in the output folder. */
  static final String PLOT = "tour-neuron-loss.png";

  private OptimizerRaceAct() {}

  /** The contestants, by the name shown in the table. */
  static Map<String, Minimizer> methods() {
    Map<String, Minimizer> methods = new LinkedHashMap<>();
    methods.put("SGD (η = 0.1)", FirstOrderMethod.of(Sgd.plain(), 0.1));
    methods.put("momentum (η = 0.02, β = 0.9)", FirstOrderMethod.of(Sgd.momentum(0.9), 0.02));
    methods.put("Nesterov (η = 0.02, β = 0.9)", FirstOrderMethod.of(Sgd.nesterov(0.9), 0.02));
    methods.put("Adam (η = 0.05)", FirstOrderMethod.of(Adam.withDefaults(), 0.05));
    methods.put("GD + Armijo backtracking", GradientDescent.with(Backtracking.withDefaults()));
    methods.put("GD + strong Wolfe", GradientDescent.with(StrongWolfe.withDefaults()));
    return methods;
  }

  static void run(TourContext context) {
    PrintWriter out = context.out();
    context.heading("3. Minimising the neuron's loss");
    Neuron neuron = NeuronAct.NEURON;
    Variable w = neuron.weights();
    ExprObjective objective = ExprObjective.of(neuron.loss(), java.util.List.of(w), neuron.data());
    double[] start = neuron.start().toArray();
    out.printf(
        "From W = 0, until ‖∂L/∂W‖∞ ≤ %s or %d iterations. L and ∂L/∂W come from one compiled%n",
        Numbers.sig(GRADIENT_TOLERANCE), context.maxIterations());
    out.println("program: a single pass over the graph evaluates both.");
    out.println();

    Table table =
        Table.withColumns(
            "method", "iterations", "evaluations", "final loss", "‖∇L‖∞", "time", "stopped");
    LossCurvePlot plot =
        LossCurvePlot.titled(
            "Sigmoid neuron L = Σ(σ(W·X) − y)²: loss by iteration",
            "iteration",
            "loss (log scale)");
    Map<String, Minimizer> methods = methods();
    try (Progress progress = Progress.start("optimizers", methods.size(), context.progress())) {
      int done = 0;
      for (Map.Entry<String, Minimizer> e : methods.entrySet()) {
        OptimizationResult result =
            Optimization.of(e.getValue())
                .stopWhen(
                    StoppingRule.gradientNormBelow(GRADIENT_TOLERANCE)
                        .or(StoppingRule.maxIterations(context.maxIterations())))
                .minimize(objective, start);
        table.row(
            e.getKey(),
            result.iterations(),
            result.evaluations(),
            Numbers.sig(result.value()),
            Numbers.sig(result.gradientNorm()),
            Numbers.duration(result.elapsedNanos()),
            result.isConverged()
                ? "converged"
                : result.status().toString().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        plot.curve(
            e.getKey(), result.history().stream().mapToDouble(IterationRecord::value).toArray());
        progress.update(++done, e.getKey());
      }
    }
    out.print(table.render("  "));
    Path file = plot.save(context.file(PLOT));
    context.wrote(file);
    out.println();
    out.println("Loss curves (log scale): " + file.toAbsolutePath().normalize());
    out.println(
        "The line searches pick their own step; the fixed-rate methods need η tuned by hand.");
  }
}
