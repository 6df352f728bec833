package dev.adjoint.demos.io;

import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code NAME=VALUE} assignments from the command line ({@code --at W=[[0.1,0.2]]}): the value is
 * JSON (a number or nested arrays) or {@code @file.json}, the JSON read from a file of at most
 * {@value BoundedInput#MAX_BYTES} bytes.
 *
 * <p>Stateless and thread-safe.
 */
public final class Assignments {
  private Assignments() {}

  /**
   * The bindings for {@code assignments}, in the order given.
   *
   * @param option the option the assignments came from, for error messages ({@code "--at"})
   * @throws InputException when a name is not an identifier, a file cannot be read, or a value is
   *     not valid JSON for a tensor
   */
  public static Bindings parse(Map<String, String> assignments, String option) {
    Bindings bindings = Bindings.of();
    for (Map.Entry<String, String> e : assignments.entrySet()) {
      String name = e.getKey().strip();
      if (!Variable.isIdentifier(name)) {
        throw new InputException(
            option
                + " "
                + Excerpt.of(name, 30)
                + "=...: '"
                + Excerpt.of(name, 30)
                + "' is not a variable name");
      }
      bindings = bindings.with(name, value(name, e.getValue(), option));
    }
    return bindings;
  }

  /**
   * One value: JSON text, or {@code @path} for the JSON in a file.
   *
   * @throws InputException when the file cannot be read or the JSON is not a tensor
   */
  public static Tensor value(String name, String text, String option) {
    String what = "the value of " + name + " (" + option + ")";
    if (text.startsWith("@")) {
      Path path;
      try {
        path = Path.of(text.substring(1));
      } catch (InvalidPathException e) {
        throw new InputException(
            "cannot read " + Excerpt.of(text.substring(1)) + " for " + what + ": not a path", e);
      }
      text = BoundedInput.read(path, what);
      what = "the value of " + name + " in " + Excerpt.of(path.toString());
    }
    if (text.isBlank()) {
      throw new InputException(what + " is empty; give a number or a nested array");
    }
    return TensorJson.parse(text, what);
  }
}
