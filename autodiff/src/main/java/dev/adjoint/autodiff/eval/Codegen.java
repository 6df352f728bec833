package dev.adjoint.autodiff.eval;

import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * When a {@link Program} generates code for its runs of scalar instructions, set by the system
 * property {@value #PROPERTY}: {@code off}, {@code on} or {@code auto} (the default). See {@link
 * Program} for what each does.
 */
enum Codegen {
  /** Never: the interpreter runs every instruction. */
  OFF,
  /** When the program is compiled, on the compiling thread. */
  ON,
  /**
   * In a background thread, once the program has run {@link #AUTO_AFTER_RUNS} times, at any size:
   * large programs get code shared by repeated windows or none ({@link ScalarCode.Form}), so the
   * cost of generating stays bounded.
   */
  AUTO;

  /** The system property that chooses the policy. */
  static final String PROPERTY = "adjoint.codegen";

  /** Under {@link #AUTO}, code is generated once a program has run this many times. */
  static final int AUTO_AFTER_RUNS = 8;

  /**
   * The policy the system property names.
   *
   * @throws IllegalArgumentException naming the property and its valid values when it is not one
   */
  static Codegen fromProperty() {
    return parse(System.getProperty(PROPERTY, "auto"));
  }

  /** The policy {@code value} names, as {@link #fromProperty} reads it. */
  static Codegen parse(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "off" -> OFF;
      case "on" -> ON;
      case "auto" -> AUTO;
      default ->
          throw new IllegalArgumentException(
              "system property " + PROPERTY + " is " + value + "; use off, on or auto");
    };
  }

  /** Runs {@code task} on the one daemon thread that generates code for every program. */
  static void inBackground(Runnable task) {
    Background.EXECUTOR.execute(task);
  }

  /**
   * Waits until every generation queued so far has finished (used or failed), for tests that
   * measure a program in its final state.
   */
  static void awaitBackground() throws InterruptedException, ExecutionException {
    Background.EXECUTOR.submit(() -> {}).get();
  }

  private static final class Background {
    static final ExecutorService EXECUTOR =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "adjoint-codegen");
              thread.setDaemon(true);
              return thread;
            });
  }
}
