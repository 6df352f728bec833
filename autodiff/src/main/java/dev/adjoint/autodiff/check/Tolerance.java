package dev.adjoint.autodiff.check;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How far two numbers may differ and still agree: {@code |a − b| ≤ absolute + relative·max(|a|,
 * |b|)}. Immutable.
 *
 * <p>Immutable and thread-safe.
 */
public final class Tolerance {
  private final double relative;
  private final double absolute;

  private Tolerance(double relative, double absolute) {
    checkArgument(relative >= 0 && Double.isFinite(relative), "relative tolerance %s", relative);
    checkArgument(absolute >= 0 && Double.isFinite(absolute), "absolute tolerance %s", absolute);
    this.relative = relative;
    this.absolute = absolute;
  }

  /** Agreement to a relative error, {@code |a − b| ≤ relative·max(|a|, |b|)}. */
  public static Tolerance relative(double relative) {
    return new Tolerance(relative, 0);
  }

  /** Agreement to an absolute error, {@code |a − b| ≤ absolute}. */
  public static Tolerance absolute(double absolute) {
    return new Tolerance(0, absolute);
  }

  /** {@code |a − b| ≤ absolute + relative·max(|a|, |b|)}. */
  public static Tolerance of(double relative, double absolute) {
    return new Tolerance(relative, absolute);
  }

  /** This tolerance with an absolute floor, for values near zero. */
  public Tolerance orAbsolute(double absolute) {
    return new Tolerance(relative, absolute);
  }

  /** The relative part. */
  public double relative() {
    return relative;
  }

  /** The absolute part. */
  public double absolute() {
    return absolute;
  }

  /** The largest difference allowed between {@code a} and {@code b}. */
  public double bound(double a, double b) {
    return absolute + relative * Math.max(Math.abs(a), Math.abs(b));
  }

  /** Whether {@code a} and {@code b} agree; NaN agrees with nothing. */
  public boolean accepts(double a, double b) {
    return a == b || Math.abs(a - b) <= bound(a, b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tolerance t && t.relative == relative && t.absolute == absolute;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(relative) * 31 + Double.hashCode(absolute);
  }

  /** Reads like {@code relative 1e-06 + absolute 1e-10}. */
  @Override
  public String toString() {
    if (absolute == 0) {
      return "relative " + relative;
    }
    if (relative == 0) {
      return "absolute " + absolute;
    }
    return "relative " + relative + " + absolute " + absolute;
  }
}
