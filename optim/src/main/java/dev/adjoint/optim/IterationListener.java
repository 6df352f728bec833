package dev.adjoint.optim;

/**
 * Called after the starting point is evaluated (iteration 0) and after every iteration, for
 * progress bars, logs and plots. Listeners must not throw; the library itself never prints.
 *
 * <p>Called on the thread running the optimization; an implementation shared by concurrent runs
 * must be thread-safe.
 */
@FunctionalInterface
public interface IterationListener {
  /** Receives the record of the iteration just completed. */
  void onIteration(IterationRecord record);
}
