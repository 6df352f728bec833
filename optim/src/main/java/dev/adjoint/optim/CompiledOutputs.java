package dev.adjoint.optim;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Graph;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Programs for single outputs, compiled on first use and cached per output and per number of
 * examples of its resized variables. Not thread-safe.
 */
final class CompiledOutputs {
  private record Key(Expr output, Map<Variable, Integer> rows) {}

  private final Map<Key, Program> programs = new HashMap<>();

  /** The program of {@code output} with each variable of {@code rows} given that many examples. */
  Program program(Expr output, Map<Variable, Integer> rows) {
    Key key = new Key(output, Map.copyOf(rows));
    Program program = programs.get(key);
    if (program == null) {
      program = Program.compile(BatchResizing.resize(output, rows));
      programs.put(key, program);
    }
    return program;
  }

  /** The variables {@code output} uses, in a deterministic order. */
  static List<Variable> variablesOf(Expr output) {
    List<Variable> found = new ArrayList<>();
    for (Expr node : Graph.topologicalOrder(List.of(output))) {
      if (node instanceof Variable variable) {
        found.add(variable);
      }
    }
    return found;
  }
}
