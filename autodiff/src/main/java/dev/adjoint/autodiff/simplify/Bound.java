package dev.adjoint.autodiff.simplify;

import dev.adjoint.autodiff.Expr;
import java.util.Arrays;

/**
 * The names a pattern bound while matching, as a small stack that a failed alternative unwinds
 * ({@link #mark}, {@link #reset}): matching is tried at every node, so it allocates little.
 */
final class Bound {
  private String[] names = new String[4];
  private Expr[] values = new Expr[4];
  private int size;

  /** Binds {@code name} to {@code e}, or checks that it is already bound to that very node. */
  boolean bind(String name, Expr e) {
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        return values[i] == e;
      }
    }
    if (size == names.length) {
      names = Arrays.copyOf(names, 2 * size);
      values = Arrays.copyOf(values, 2 * size);
    }
    names[size] = name;
    values[size++] = e;
    return true;
  }

  /** The node bound to {@code name}, or null. */
  Expr get(String name) {
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        return values[i];
      }
    }
    return null;
  }

  /** A point to {@link #reset} to. */
  int mark() {
    return size;
  }

  /** Forgets what was bound since {@code mark}. */
  void reset(int mark) {
    for (int i = mark; i < size; i++) {
      names[i] = null;
      values[i] = null;
    }
    size = mark;
  }
}
