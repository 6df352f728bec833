package dev.adjoint.autodiff.fuzz;

/**
 * What checking one property on one case gave: passed, skipped (the expression as written is not
 * finite there, so the contract promises nothing), or failed with a message.
 *
 * @param status which of the three
 * @param message why it failed; empty otherwise
 */
record Outcome(Status status, String message) {
  /** The three results. */
  enum Status {
    PASSED,
    SKIPPED,
    FAILED
  }

  static Outcome passed() {
    return new Outcome(Status.PASSED, "");
  }

  static Outcome skipped() {
    return new Outcome(Status.SKIPPED, "");
  }

  static Outcome failed(String message) {
    return new Outcome(Status.FAILED, message);
  }

  boolean failed() {
    return status == Status.FAILED;
  }
}
