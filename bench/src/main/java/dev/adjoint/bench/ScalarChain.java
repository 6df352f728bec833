package dev.adjoint.bench;

import static dev.adjoint.autodiff.Exprs.add;
import static dev.adjoint.autodiff.Exprs.mul;
import static dev.adjoint.autodiff.Exprs.sin;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Gradients;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.eval.Program;
import java.util.List;

/**
 * A long chain of scalar nodes, {@code x_{i+1} = sin(x_i)·a + b} for {@code i < steps}, with loss
 * {@code L = x_steps} and its gradient with respect to {@code x₀}, {@code a} and {@code b}. Every
 * node holds one number, so the time per node is the evaluator's per-instruction overhead.
 *
 * <p>The gradient is backprop's graph as built ({@link Gradients#raw}), nine nodes per link. The
 * simplified gradient is no cheaper here: simplified alone, canonical order rewrites {@code
 * sin(x)·a + b} as {@code a·sin(x) + b}, which no longer shares the forward pass's nodes (twelve
 * nodes per link); simplified around the loss ({@code Simplifier.apply(gradients, loss)}) it keeps
 * nine, but takes seconds on 100,000 links ({@link SimplifyBenchmark}).
 */
final class ScalarChain {
  final int steps;
  final Variable start = Variable.of("x0");
  final Variable a = Variable.of("a");
  final Variable b = Variable.of("b");
  final Expr loss;
  final Gradients gradients;

  /** {@code x₀}, {@code a}, {@code b}: a contraction (|a| < 1), so the chain stays bounded. */
  final double[] values = {0.3, 0.9, 0.1};

  ScalarChain(int steps) {
    this.steps = steps;
    Expr x = start;
    for (int i = 0; i < steps; i++) {
      x = add(mul(sin(x), a), b);
    }
    loss = x;
    gradients = Gradients.raw(loss, start, a, b);
  }

  /** A program with outputs {@code [L, dL/dx₀, dL/da, dL/db]}. */
  Program valueAndGradientProgram() {
    return Program.compile(List.of(loss, gradients.of(start), gradients.of(a), gradients.of(b)));
  }

  /** A workspace of {@code program} with {@code x₀}, {@code a}, {@code b} bound. */
  Program.Workspace workspace(Program program) {
    return program.newWorkspace().set(start, values, 0).set(a, values, 1).set(b, values, 2);
  }
}
