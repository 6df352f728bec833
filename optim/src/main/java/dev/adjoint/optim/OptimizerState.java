package dev.adjoint.optim;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableMap;
import com.google.common.collect.ImmutableSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A saved run: everything a {@link Minimizer} needs to continue exactly where it stopped (current
 * point, value and gradient, momentum buffers, Adam moments, L-BFGS memory, step counters) plus the
 * driver's counters. Resuming from it gives the same iterates, bit for bit, as never having
 * stopped.
 *
 * <p>The state is a set of named vectors and named scalars, so it can be written to any storage
 * format; {@link #vectorNames()} and {@link #scalarNames()} list them. Immutable: arrays are copied
 * in and out.
 *
 * <p>Immutable and thread-safe.
 */
public final class OptimizerState {
  private final String method;
  private final long iteration;
  private final long evaluations;
  private final ImmutableMap<String, double[]> vectors;
  private final ImmutableMap<String, Double> scalars;

  private OptimizerState(Builder builder) {
    this.method = builder.method;
    this.iteration = builder.iteration;
    this.evaluations = builder.evaluations;
    this.vectors = ImmutableMap.copyOf(builder.vectors);
    this.scalars = ImmutableMap.copyOf(builder.scalars);
  }

  /** A builder for the state of the named method. */
  public static Builder builder(String method) {
    checkArgument(method != null && !method.isEmpty(), "method name is empty");
    return new Builder(method);
  }

  /** The {@link Minimizer#name()} of the method that saved this state. */
  public String method() {
    return method;
  }

  /** Iterations completed. */
  public long iteration() {
    return iteration;
  }

  /** Evaluations of f and ∇f made. */
  public long evaluations() {
    return evaluations;
  }

  /** The names of the saved vectors. */
  public ImmutableSet<String> vectorNames() {
    return vectors.keySet();
  }

  /** The names of the saved scalars. */
  public ImmutableSet<String> scalarNames() {
    return scalars.keySet();
  }

  /**
   * A copy of the named vector.
   *
   * @throws IllegalArgumentException if there is no such vector
   */
  public double[] vector(String name) {
    double[] vector = vectors.get(name);
    checkArgument(
        vector != null,
        "state of %s has no vector '%s'; it has %s",
        method,
        name,
        vectors.keySet());
    return vector.clone();
  }

  /**
   * The named scalar.
   *
   * @throws IllegalArgumentException if there is no such scalar
   */
  public double scalar(String name) {
    Double value = scalars.get(name);
    checkArgument(
        value != null, "state of %s has no scalar '%s'; it has %s", method, name, scalars.keySet());
    return value;
  }

  /**
   * Checks that this state was saved by the named method.
   *
   * @throws IllegalArgumentException otherwise
   */
  public void checkMethod(String expected) {
    checkArgument(
        method.equals(expected), "state was saved by %s and cannot resume %s", method, expected);
  }

  /** Builds an {@link OptimizerState}; names must be unique. */
  public static final class Builder {
    private final String method;
    private long iteration;
    private long evaluations;
    private final Map<String, double[]> vectors = new LinkedHashMap<>();
    private final Map<String, Double> scalars = new LinkedHashMap<>();

    private Builder(String method) {
      this.method = method;
    }

    /** Sets the number of iterations completed. */
    public Builder iteration(long iteration) {
      checkArgument(iteration >= 0, "iteration must be ≥ 0, got %s", iteration);
      this.iteration = iteration;
      return this;
    }

    /** Sets the number of evaluations made. */
    public Builder evaluations(long evaluations) {
      checkArgument(evaluations >= 0, "evaluations must be ≥ 0, got %s", evaluations);
      this.evaluations = evaluations;
      return this;
    }

    /** Adds a copy of the named vector. */
    public Builder vector(String name, double[] vector) {
      checkArgument(name != null && !name.isEmpty(), "vector name is empty");
      checkArgument(vector != null, "vector '%s' is null", name);
      checkArgument(vectors.put(name, vector.clone()) == null, "duplicate vector '%s'", name);
      return this;
    }

    /** Adds the named scalar. */
    public Builder scalar(String name, double value) {
      checkArgument(name != null && !name.isEmpty(), "scalar name is empty");
      checkArgument(scalars.put(name, value) == null, "duplicate scalar '%s'", name);
      return this;
    }

    /** The immutable state. */
    public OptimizerState build() {
      return new OptimizerState(this);
    }
  }
}
