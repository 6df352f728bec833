package dev.adjoint.optim.firstorder;

import static com.google.common.base.Preconditions.checkArgument;

import dev.adjoint.optim.Minimizer;
import dev.adjoint.optim.MinimizerRun;
import dev.adjoint.optim.Objective;
import dev.adjoint.optim.OptimizerState;
import dev.adjoint.optim.Status;
import dev.adjoint.optim.StepOutcome;
import dev.adjoint.optim.StochasticObjective;
import dev.adjoint.optim.Vectors;
import java.util.List;

/**
 * A {@link Minimizer} that applies a {@link Stepper} with a {@link LearningRateSchedule}: update t
 * = 1, 2, … moves x_{t−1} to x_t with learning rate η_{t−1} using the gradient at x_{t−1}, then
 * evaluates f and ∇f at x_t. On a {@link StochasticObjective} the evaluation at x_t uses sample t
 * (the starting point uses sample 0), so iteration t reports the minibatch loss that the next
 * update will follow.
 *
 * <p>If x_t, f(x_t) or ∇f(x_t) is not finite, the update is undone (buffers included) and the run
 * stops with {@link Status#NON_FINITE_VALUE} at x_{t−1}.
 *
 * <p>Immutable and thread-safe: each run keeps its own state.
 */
public final class FirstOrderMethod implements Minimizer {
  private final Stepper stepper;
  private final LearningRateSchedule schedule;
  private final String scheduleName;

  private FirstOrderMethod(Stepper stepper, LearningRateSchedule schedule, String scheduleName) {
    this.stepper = stepper;
    this.schedule = schedule;
    this.scheduleName = scheduleName;
  }

  /** The stepper with a constant learning rate. */
  public static FirstOrderMethod of(Stepper stepper, double learningRate) {
    checkArgument(stepper != null, "stepper is null");
    return new FirstOrderMethod(
        stepper, LearningRateSchedule.constant(learningRate), "η=" + learningRate);
  }

  /**
   * The stepper with a learning-rate schedule; {@code scheduleName} identifies it in {@link
   * #name()} (saved states only resume a method of the same name).
   */
  public static FirstOrderMethod of(
      Stepper stepper, LearningRateSchedule schedule, String scheduleName) {
    checkArgument(stepper != null, "stepper is null");
    checkArgument(schedule != null, "schedule is null");
    checkArgument(scheduleName != null && !scheduleName.isEmpty(), "schedule name is empty");
    return new FirstOrderMethod(stepper, schedule, scheduleName);
  }

  /** The stepper with its default (torch.optim) learning rate. */
  public static FirstOrderMethod withDefaultLearningRate(Stepper stepper) {
    checkArgument(stepper != null, "stepper is null");
    return of(stepper, stepper.defaultLearningRate());
  }

  @Override
  public String name() {
    return stepper.name() + "[" + scheduleName + "]";
  }

  @Override
  public MinimizerRun start(Objective objective, double[] x0) {
    Run run = new Run(objective);
    System.arraycopy(x0, 0, run.point, 0, run.point.length);
    run.value = run.evaluate(0, run.point, run.gradient);
    return run;
  }

  @Override
  public MinimizerRun resume(Objective objective, OptimizerState state) {
    state.checkMethod(name());
    Run run = new Run(objective);
    copy(state.vector("x"), run.point, "x");
    copy(state.vector("gradient"), run.gradient, "gradient");
    run.value = state.scalar("value");
    run.step = (long) state.scalar("step");
    List<String> names = stepper.bufferNames();
    for (int k = 0; k < names.size(); k++) {
      copy(state.vector("buffer." + names.get(k)), run.buffers[k], names.get(k));
    }
    return run;
  }

  private static void copy(double[] source, double[] target, String name) {
    checkArgument(
        source.length == target.length,
        "saved %s has length %s but the objective has dimension %s",
        name,
        source.length,
        target.length);
    System.arraycopy(source, 0, target, 0, target.length);
  }

  private final class Run implements MinimizerRun {
    private final Objective objective;
    private final double[] point;
    private final double[] gradient;
    private double value;
    private long step;
    private final double[][] buffers;
    private final double[][] savedBuffers;
    private final double[] newPoint;
    private final double[] newGradient;

    Run(Objective objective) {
      this.objective = objective;
      int n = objective.dimension();
      this.point = new double[n];
      this.gradient = new double[n];
      this.newPoint = new double[n];
      this.newGradient = new double[n];
      int count = stepper.bufferNames().size();
      this.buffers = new double[count][n];
      this.savedBuffers = new double[count][n];
    }

    double evaluate(long draw, double[] x, double[] g) {
      return objective instanceof StochasticObjective
          ? ((StochasticObjective) objective).sampleValueAndGradient(draw, x, g)
          : objective.valueAndGradient(x, g);
    }

    @Override
    public double[] point() {
      return point;
    }

    @Override
    public double value() {
      return value;
    }

    @Override
    public double[] gradient() {
      return gradient;
    }

    @Override
    public StepOutcome step() {
      double rate = schedule.rate(step);
      for (int k = 0; k < buffers.length; k++) {
        System.arraycopy(buffers[k], 0, savedBuffers[k], 0, buffers[k].length);
      }
      System.arraycopy(point, 0, newPoint, 0, point.length);
      stepper.update(newPoint, gradient, rate, step + 1, buffers);
      double newValue =
          Vectors.allFinite(newPoint) ? evaluate(step + 1, newPoint, newGradient) : Double.NaN;
      if (!Double.isFinite(newValue) || !Vectors.allFinite(newGradient)) {
        for (int k = 0; k < buffers.length; k++) {
          System.arraycopy(savedBuffers[k], 0, buffers[k], 0, buffers[k].length);
        }
        return StepOutcome.failed(
            Status.NON_FINITE_VALUE,
            String.format(
                "update %d (η = %.3g) reached a point where f = %s or its gradient is not"
                    + " finite; kept the last finite point",
                step + 1, rate, newValue));
      }
      System.arraycopy(newPoint, 0, point, 0, point.length);
      System.arraycopy(newGradient, 0, gradient, 0, gradient.length);
      value = newValue;
      step++;
      return StepOutcome.accepted(rate);
    }

    @Override
    public void save(OptimizerState.Builder state) {
      state.vector("x", point);
      state.vector("gradient", gradient);
      state.scalar("value", value);
      state.scalar("step", step);
      List<String> names = stepper.bufferNames();
      for (int k = 0; k < names.size(); k++) {
        state.vector("buffer." + names.get(k), buffers[k]);
      }
    }
  }
}
