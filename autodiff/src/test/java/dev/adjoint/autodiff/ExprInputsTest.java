package dev.adjoint.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A node's operands, held in fields rather than a list, read back the same for every arity. */
class ExprInputsTest {
  private static final Variable A = Variable.of("ia", 2);
  private static final Variable B = Variable.of("ib", 2);
  private static final Variable C = Variable.of("ic", 2);
  private static final Variable D = Variable.of("id", 2);

  static Stream<Arguments> nodes() {
    Expr mask = Exprs.gt(A, B);
    return Stream.of(
        Arguments.of(A, List.of()),
        Arguments.of(Exprs.sin(A), List.of(A)),
        Arguments.of(Exprs.sub(B, A), List.of(B, A)),
        Arguments.of(Exprs.where(mask, C, D), List.of(mask, C, D)),
        Arguments.of(Exprs.concat(0, A, B, C, D), List.of(A, B, C, D)),
        Arguments.of(Exprs.concat(0, D, C, B, A, A), List.of(D, C, B, A, A)));
  }

  @ParameterizedTest
  @MethodSource("nodes")
  void operandsReadBackInOrder(Expr node, List<Expr> operands) {
    assertThat(node.arity()).isEqualTo(operands.size());
    assertThat(node.inputs()).containsExactlyElementsOf(operands).isEqualTo(operands);
    for (int i = 0; i < operands.size(); i++) {
      assertThat(node.input(i)).isSameAs(operands.get(i));
    }
    assertThatThrownBy(() -> node.input(operands.size()))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("operand " + operands.size());
    assertThatThrownBy(() -> node.input(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> node.inputs().add(A))
        .isInstanceOf(UnsupportedOperationException.class);
    // rebuilding from the operands gives the very same node
    if (!operands.isEmpty()) {
      assertThat(Expr.apply(node.op(), operands)).isSameAs(node);
    }
  }

  @ParameterizedTest
  @MethodSource("nodes")
  void nodesDifferingInOneOperandOrInArityAreDistinct(Expr node, List<Expr> operands) {
    if (operands.size() < 2) {
      return;
    }
    Variable other = Variable.of("ie", 2);
    for (int i = 0; i < operands.size(); i++) {
      if (i == 0 && node.op() instanceof dev.adjoint.autodiff.op.Where) {
        continue; // the mask must stay a comparison
      }
      Expr[] changed = operands.toArray(new Expr[0]);
      changed[i] = other;
      Expr rebuilt = Expr.apply(node.op(), changed);
      assertThat(rebuilt).as("operand %s replaced", i).isNotSameAs(node).isNotEqualTo(node);
      assertThat(rebuilt.input(i)).isSameAs(other);
    }
    if (node.op() instanceof dev.adjoint.autodiff.op.Concat) {
      Expr longer = Expr.apply(node.op(), Stream.concat(operands.stream(), Stream.of(A)).toList());
      assertThat(longer).isNotEqualTo(node);
      assertThat(longer.arity()).isEqualTo(node.arity() + 1);
    }
  }
}
