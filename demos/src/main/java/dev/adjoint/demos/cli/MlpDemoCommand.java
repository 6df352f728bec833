package dev.adjoint.demos.cli;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import dev.adjoint.demos.data.TwoMoons;
import dev.adjoint.demos.io.InputException;
import dev.adjoint.demos.io.OutputLocations;
import dev.adjoint.demos.plot.DecisionBoundaryPlot;
import dev.adjoint.demos.problems.Mlp;
import dev.adjoint.demos.progress.Progress;
import dev.adjoint.demos.text.Numbers;
import dev.adjoint.optim.MinimizerRun;
import dev.adjoint.optim.StepOutcome;
import dev.adjoint.optim.firstorder.Adam;
import dev.adjoint.optim.firstorder.ExprMinibatchObjective;
import dev.adjoint.optim.firstorder.FirstOrderMethod;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code adjoint demo mlp}: a small MLP trained with minibatch Adam on two moons, with a progress
 * bar, the final accuracy, and a PNG of the decision boundary with the points.
 *
 * <p>Not thread-safe: picocli sets its options in place; one instance per command line.
 */
@Command(
    name = "mlp",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Train a small MLP with minibatch Adam on two moons; plot its decision boundary.")
public final class MlpDemoCommand implements Callable<Integer> {
  /** The plot's file name in the output folder. */
  static final String PLOT = "mlp-decision-boundary.png";

  /** The most points the demo generates: its data and activations then fit a default heap. */
  static final int MAX_POINTS = 1_000_000;

  /** The most units per hidden layer: the H×H weights and their Adam state stay small. */
  static final int MAX_HIDDEN = 1024;

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "adjoint-out",
      description = "Folder for the plot (default ${DEFAULT-VALUE}/).")
  Path out;

  @Option(
      names = "--points",
      paramLabel = "N",
      defaultValue = "400",
      description = "Points in the data set (default ${DEFAULT-VALUE}).")
  int points;

  @Option(
      names = "--noise",
      paramLabel = "S",
      defaultValue = "0.15",
      description = "Standard deviation of the noise (default ${DEFAULT-VALUE}).")
  double noise;

  @Option(
      names = "--hidden",
      paramLabel = "H",
      defaultValue = "16",
      description = "Units in each of the two hidden layers (default ${DEFAULT-VALUE}).")
  int hidden;

  @Option(
      names = "--batch",
      paramLabel = "B",
      defaultValue = "40",
      description = "Minibatch size (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--epochs",
      paramLabel = "E",
      defaultValue = "300",
      description = "Passes over the data (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--lr",
      paramLabel = "R",
      defaultValue = "0.01",
      description = "Adam's learning rate (default ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "1",
      description =
          "Seed of the data, the initial weights and the batches (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    check(
        points >= 2 && points <= MAX_POINTS,
        "--points must be between 2 and " + MAX_POINTS + ", got " + points);
    check(noise >= 0, "--noise must be ≥ 0");
    check(
        hidden >= 1 && hidden <= MAX_HIDDEN,
        "--hidden must be between 1 and " + MAX_HIDDEN + ", got " + hidden);
    check(batch >= 1 && batch <= points, "--batch must be between 1 and --points");
    check(epochs >= 1, "--epochs must be ≥ 1");
    check(learningRate > 0, "--lr must be positive");
    OutputLocations.folder(out, "--out");
    PrintWriter w = spec.commandLine().getOut();
    TwoMoons data = TwoMoons.generate(points, noise, seed);
    Tensor labels = data.labels().reshape(points, 1);
    Mlp model = Mlp.of(hidden, batch);
    Mlp whole = Mlp.of(hidden, points);
    List<Variable> parameters = model.parameters();
    ExprMinibatchObjective objective =
        ExprMinibatchObjective.of(
            model.loss(),
            parameters,
            Map.of(model.inputs(), data.points(), model.labels(), labels),
            Bindings.of(),
            seed);
    w.printf(
        Locale.ROOT,
        "Two moons: %d points, noise %s, seed %d. MLP 2 → %d → %d → 1 (tanh, logistic output),"
            + " %d parameters.%n",
        points,
        noise,
        seed,
        hidden,
        hidden,
        model.parameterCount());
    w.println("Loss: mean binary cross-entropy, " + ExpressionLanguage.unicode(model.loss()));
    int perEpoch = objective.batchesPerEpoch();
    long steps = (long) epochs * perEpoch;
    w.printf(
        Locale.ROOT,
        "Training with minibatch Adam (η = %s, batch %d): %d epochs × %d batches = %d steps.%n",
        learningRate,
        batch,
        epochs,
        perEpoch,
        steps);
    w.flush();

    double[] theta = model.initialParameters(seed);
    double[] gradient = new double[theta.length];
    double initialLoss = objective.valueAndGradient(theta, gradient);
    long start = System.nanoTime();
    MinimizerRun run =
        FirstOrderMethod.of(Adam.withDefaults(), learningRate).start(objective, theta);
    long taken = 0;
    String stopped = "";
    try (Progress progress = Progress.start("training", steps, Flags.progress(spec))) {
      for (; taken < steps; taken++) {
        StepOutcome outcome = run.step();
        if (!outcome.isAccepted()) {
          stopped = " (stopped early: " + outcome.failure().message() + ")";
          break;
        }
        if (taken % perEpoch == 0) {
          progress.update(taken + 1, "batch loss " + Numbers.sig(run.value()));
        }
      }
      progress.update(taken, "batch loss " + Numbers.sig(run.value()));
    }
    long nanos = System.nanoTime() - start;
    theta = run.point().clone();
    double finalLoss = objective.valueAndGradient(theta, gradient);
    double accuracy = accuracy(whole, parameters, theta, data.points(), data.labels());
    w.printf(
        Locale.ROOT,
        "Trained in %s%s: loss %s → %s, training accuracy %.1f%%.%n",
        Numbers.duration(nanos),
        stopped,
        Numbers.sig(initialLoss),
        Numbers.sig(finalLoss),
        100 * accuracy);

    Program single = Program.compile(Mlp.of(hidden, 1).probability());
    Program.Workspace ws = single.newWorkspace();
    bind(ws, parameters, theta);
    double[] xy = new double[2];
    Path file =
        DecisionBoundaryPlot.save(
            out.resolve(PLOT),
            String.format(
                Locale.ROOT,
                "MLP 2-%d-%d-1 on two moons: training accuracy %.1f%%",
                hidden,
                hidden,
                100 * accuracy),
            (x, y) -> {
              xy[0] = x;
              xy[1] = y;
              ws.set("X", Tensor.wrap(Shape.of(1, 2), xy.clone()));
              return ws.execute().scalar(0);
            },
            data.points(),
            data.labels());
    w.println("Decision boundary: " + file.toAbsolutePath().normalize());
    w.flush();
    return 0;
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new InputException(message);
    }
  }

  private static void bind(Program.Workspace ws, List<Variable> parameters, double[] theta) {
    int offset = 0;
    for (Variable v : parameters) {
      ws.set(v, theta, offset);
      offset += v.shape().size();
    }
  }

  /** The fraction of points whose predicted class (p ≥ ½) is their label. */
  static double accuracy(
      Mlp whole, List<Variable> parameters, double[] theta, Tensor points, Tensor labels) {
    Program program = Program.compile(whole.probability());
    Program.Workspace ws = program.newWorkspace();
    bind(ws, parameters, theta);
    ws.set("X", points);
    Tensor p = ws.execute().output(0);
    int correct = 0;
    for (int i = 0; i < labels.size(); i++) {
      int predicted = p.getFlat(i) >= 0.5 ? 1 : 0;
      correct += predicted == (int) labels.getFlat(i) ? 1 : 0;
    }
    return (double) correct / labels.size();
  }
}
