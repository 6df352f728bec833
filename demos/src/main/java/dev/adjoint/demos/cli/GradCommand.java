package dev.adjoint.demos.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.adjoint.autodiff.Bindings;
import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Exprs;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.NonFiniteException;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import dev.adjoint.demos.io.Assignments;
import dev.adjoint.demos.io.InputException;
import dev.adjoint.demos.io.OutputLocations;
import dev.adjoint.demos.io.TensorJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code adjoint grad EXPR --at NAME=VALUE...}: the value of a scalar expression, its gradient with
 * respect to each variable, and the derivative formulas Adjoint derived; optionally Hessians and
 * the graph in DOT.
 *
 * <p>Not thread-safe: picocli sets its options in place; one instance per command line.
 */
@Command(
    name = "grad",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Evaluate a scalar expression and its symbolic gradient.",
      "",
      "Example: adjoint grad 'sum((sigmoid(W @ X) - y)^2)' --at 'W=[[0.1,0.2,0.3]]' \\",
      "           'X=[[1],[2],[3]]' 'y=[[1]]'"
    })
public final class GradCommand implements Callable<Integer> {
  /**
   * The most elements a variable may have for {@code --hessian}: its n×n Hessian (4.2 million
   * numbers) takes n backward passes and prints as tens of megabytes.
   */
  static final int MAX_HESSIAN_ELEMENTS = 2048;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "EXPR",
      description = "A scalar expression, e.g. \"sum(x^2)\".")
  String expression;

  @Option(
      names = "--at",
      paramLabel = "NAME=VALUE",
      arity = "1..*",
      required = true,
      description = "A value for a variable: a JSON number or nested array, or @file.json.")
  Map<String, String> at = new LinkedHashMap<>();

  @Option(
      names = "--wrt",
      paramLabel = "NAMES",
      split = ",",
      description = "Differentiate only with respect to these variables (default: all bound).")
  List<String> wrt = new ArrayList<>();

  @Option(
      names = "--hessian",
      description =
          "Also print the Hessian of each variable (n×n, n ≤ " + MAX_HESSIAN_ELEMENTS + ").")
  boolean hessian;

  @Option(
      names = "--dot",
      paramLabel = "FILE",
      description = "Write the loss-and-gradient graph in Graphviz DOT.")
  Path dot;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Option(
      names = "--check-finite",
      description =
          "Stop at the first NaN or infinity, naming the op, its inputs and whether it is in the"
              + " loss or in a gradient.")
  boolean checkFinite;

  @Override
  public Integer call() {
    if (dot != null) {
      OutputLocations.file(dot, "--dot");
    }
    expression = ExpressionLanguage.fromArgument(expression);
    Bindings bindings = Assignments.parse(at, "--at");
    Expr loss = ExpressionLanguage.parseScalarLoss("grad", expression, bindings, "--at", "--at");
    Map<String, Variable> written = Variables.written(expression, loss, bindings);
    List<Variable> variables =
        wrt.isEmpty()
            ? Variables.select(written, bindings.names(), "--at")
            : Variables.select(written, wrt, "--wrt");
    if (hessian) {
      for (Variable v : variables) {
        int n = v.shape().size();
        if (n > MAX_HESSIAN_ELEMENTS) {
          throw new InputException(
              "--hessian: "
                  + v.name()
                  + " has "
                  + n
                  + " elements, so its Hessian would have "
                  + (long) n * n
                  + "; the limit is "
                  + MAX_HESSIAN_ELEMENTS
                  + " elements per variable (choose variables with --wrt)");
        }
      }
    }
    Result result = compute(loss, variables, bindings, hessian, checkFinite);
    warnIfNotFinite(result);
    if (dot != null) {
      writeDot(loss, result);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(TensorJson.write(toJson(result)));
    } else {
      printText(out, result, written.keySet());
    }
    out.flush();
    return 0;
  }

  /** The value, gradients, formulas and (optionally) Hessians of {@code loss}. */
  record Result(
      Expr loss,
      Tensor value,
      Map<Variable, Expr> formulas,
      Map<Variable, Tensor> gradients,
      Map<Variable, Tensor> hessians) {}

  static Result compute(
      Expr loss,
      List<Variable> variables,
      Bindings bindings,
      boolean hessian,
      boolean checkFinite) {
    Gradients gradients = loss.gradient(variables.toArray(new Variable[0]));
    Map<Variable, Expr> formulas = new LinkedHashMap<>();
    List<Expr> outputs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    outputs.add(loss);
    names.add("the loss");
    for (Variable v : variables) {
      Expr g = ExpressionLanguage.simplify(gradients.of(v));
      formulas.put(v, g);
      outputs.add(g);
      names.add("the gradient with respect to " + v.name());
    }
    if (hessian) {
      for (Variable v : variables) {
        int n = v.shape().size();
        outputs.add(Exprs.reshape(Gradients.hessian(loss, v), n, n));
        names.add("the Hessian of " + v.name());
      }
    }
    Program program = Program.compile(outputs);
    List<Tensor> values;
    try {
      values = checkFinite ? program.checkingFinite().run(bindings) : program.run(bindings);
    } catch (NonFiniteException e) {
      throw e.locatedIn(names);
    }
    Map<Variable, Tensor> grads = new LinkedHashMap<>();
    Map<Variable, Tensor> hessians = new LinkedHashMap<>();
    for (int i = 0; i < variables.size(); i++) {
      grads.put(variables.get(i), values.get(1 + i));
      if (hessian) {
        hessians.put(variables.get(i), values.get(1 + variables.size() + i));
      }
    }
    return new Result(loss, values.get(0), formulas, grads, hessians);
  }

  /** Without --check-finite, a warning on stderr for each printed value that is not finite. */
  private void warnIfNotFinite(Result r) {
    PrintWriter err = spec.commandLine().getErr();
    warn(err, "f", r.value());
    r.gradients().forEach((v, g) -> warn(err, "∂f/∂" + v.name(), g));
    r.hessians().forEach((v, h) -> warn(err, "∇²f over " + v.name(), h));
    err.flush();
  }

  private static void warn(PrintWriter err, String what, Tensor t) {
    double[] values = t.toArray();
    int count = 0;
    int first = -1;
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        count++;
        first = first < 0 ? i : first;
      }
    }
    if (count > 0) {
      err.println(
          "grad: warning: "
              + what
              + " is "
              + values[first]
              + " at "
              + java.util.Arrays.toString(t.shape().index(first))
              + (count == 1 ? "" : " and " + (count - 1) + " more elements")
              + "; --check-finite finds where it arises");
    }
  }

  private static ObjectNode toJson(Result r) {
    ObjectNode root = TensorJson.object();
    root.put("expression", r.loss().toString());
    root.set("value", TensorJson.toJson(r.value()));
    ObjectNode gradient = root.putObject("gradient");
    r.gradients().forEach((v, g) -> gradient.set(v.name(), TensorJson.toJson(g)));
    ObjectNode formula = root.putObject("formula");
    r.formulas().forEach((v, f) -> formula.put(v.name(), ExpressionLanguage.unicode(f)));
    if (!r.hessians().isEmpty()) {
      ObjectNode hessian = root.putObject("hessian");
      r.hessians().forEach((v, h) -> hessian.set(v.name(), TensorJson.toJson(h)));
    }
    return root;
  }

  private static void printText(PrintWriter out, Result r, Collection<String> names) {
    String f = "f(" + String.join(", ", names) + ")";
    String pad = " ".repeat(f.length());
    out.println(f + " = " + ExpressionLanguage.unicode(r.loss()));
    out.println(pad + " = " + r.value());
    for (Variable v : r.formulas().keySet()) {
      String d = "∂f/∂" + v.name();
      String dpad = " ".repeat(d.length());
      out.println();
      out.println(d + " = " + ExpressionLanguage.unicode(r.formulas().get(v)));
      out.println(dpad + " = " + r.gradients().get(v));
      Tensor h = r.hessians().get(v);
      if (h != null) {
        out.println();
        out.println(
            "∇²f over the " + v.shape().size() + " elements of " + v.name() + " (row-major):");
        out.println("  " + h);
      }
    }
  }

  private void writeDot(Expr loss, Result r) {
    Map<String, Expr> backward = new LinkedHashMap<>();
    r.formulas().forEach((v, g) -> backward.put("∂f/∂" + v.name(), g));
    String text = ExpressionLanguage.dot(Map.of("f", loss), backward);
    try {
      Path parent = dot.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(dot, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dot + ": " + e.getMessage(), e);
    }
  }
}
