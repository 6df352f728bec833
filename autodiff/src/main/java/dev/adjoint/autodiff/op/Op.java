package dev.adjoint.autodiff.op;

import dev.adjoint.autodiff.Expr;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.kernel.Kernel;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An operation on tensors: the one place that says what its result's shape is, how to compute it,
 * how to write it, and how to differentiate it.
 *
 * <p>This contract is public so that users can add functions Adjoint lacks; such an op then works
 * everywhere (gradients, second derivatives, printing, checking, compiled evaluation). An op must
 * be immutable and implement {@code equals}/{@code hashCode} by value, since structurally equal
 * expressions are shared: a {@code record}, or a final class whose instances are all equal.
 *
 * <p>A function of one argument is easiest as a subclass of {@link ElementwiseFunction}: its
 * notation, its derivative rule and its function on one number ({@code apply}), from which both the
 * kernel and compiled evaluation's scalar path come; of two operands, of {@link ElementwiseBinary}.
 * Built-in ops are written the same way and listed in {@link BuiltinOps}.
 *
 * <p>Implementations must be immutable and thread-safe: nodes share one instance of each distinct
 * op across threads.
 */
public interface Op {

  /** The name used in messages and, for functions, in the expression language. */
  default String name() {
    return notation().plain();
  }

  /**
   * The shape of the result for inputs of the given shapes.
   *
   * @throws IllegalArgumentException naming the op and the shapes when they do not fit; the message
   *     is completed with the offending expression by the caller
   */
  Shape shape(List<Shape> inputs);

  /** The forward computation compiled for these shapes. */
  Kernel kernel(List<Shape> inputs, Shape output);

  /**
   * The vector-Jacobian product for one input, as an expression: given the gradient {@code g} of
   * the loss with respect to this op's result {@code out}, the gradient with respect to input
   * {@code input}. The result may have the output's (broadcast) shape: backprop sums it back to the
   * input's shape and accumulates fan-out centrally, so rules never do either.
   */
  Expr gradient(int input, Expr g, Expr out, List<Expr> inputs);

  /** How the op is printed. */
  Notation notation();

  /**
   * Parameters that are not inputs, printed after the inputs ({@code sum(x, 1)}) or inside brackets
   * for indexing.
   */
  default List<String> parameters() {
    return List.of();
  }

  /**
   * A cheaper equivalent of this op applied to {@code inputs}, applied as nodes are built ({@code
   * x·1 → x}); empty when there is none.
   *
   * <p>It must keep every value, non-finite ones included (up to the sign of a zero), with the
   * result's shape: {@code x + 0 → x} only when the zero does not broadcast x to a larger shape. A
   * rewrite that holds only where an operand is finite ({@code x·0 → 0}, {@code 0/y → 0}, {@code
   * x^0 → 1}) does not belong here: the graph the user builds is what checked evaluation checks.
   * Such identities are named simplifier rules.
   */
  default Optional<Expr> rewrite(List<Expr> inputs) {
    return Optional.empty();
  }

  /**
   * Whether gradients flow through this op. Comparisons and stop-gradient return false: backprop
   * does not visit their inputs.
   */
  default boolean isDifferentiable() {
    return true;
  }

  /**
   * Whether the op's derivative jumps somewhere ({@code relu}, {@code abs}, {@code max}), so a
   * finite-difference check near that point may disagree without a bug.
   */
  default boolean hasKink() {
    return false;
  }

  /**
   * The algebraic facts rewrites may rely on ({@link Trait#ELEMENTWISE}, {@link Trait#COMMUTATIVE},
   * ...); none by default. An op must declare only what holds for every input, non-finite values
   * included.
   */
  default Set<Trait> traits() {
    return Set.of();
  }

  /** Whether the op declares {@code trait}. */
  default boolean has(Trait trait) {
    return traits().contains(trait);
  }
}
