package dev.adjoint.autodiff.eval;

import dev.adjoint.autodiff.op.ElementwiseBinary;
import dev.adjoint.autodiff.op.ElementwiseFunction;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ops a generated scalar class calls, each in a final field typed by its own class where the
 * code can name it (so each call site is monomorphic and inlined), and the Java expression of one
 * scalar instruction over them: shared by straight-line code ({@link ScalarSource}) and window code
 * ({@link ScalarWindows}), so both compute exactly what the interpreter computes.
 */
final class OpFields {
  private final List<Object> ops = new ArrayList<>();
  private final Map<Object, Integer> fieldOfOp = new IdentityHashMap<>();
  private final StringBuilder declarations = new StringBuilder();
  private final StringBuilder assignments = new StringBuilder();

  /**
   * The value of {@code instruction} on the operands written {@code x} and {@code y} ({@code y}
   * unused by a unary instruction): {@code + − · /} and negation inline, every other op a call of
   * its own {@code apply}, as the interpreter evaluates it.
   */
  String expression(ScalarInstruction instruction, String x, String y) {
    return switch (instruction.kind()) {
      case ADD -> x + " + " + y;
      case SUB -> x + " - " + y;
      case MUL -> x + " * " + y;
      case DIV -> x + " / " + y;
      case NEG -> "-" + x;
      case UNARY -> field(instruction.unary(), ElementwiseFunction.class) + ".apply(" + x + ")";
      case BINARY ->
          field(instruction.binary(), ElementwiseBinary.class) + ".apply(" + x + ", " + y + ")";
    };
  }

  /**
   * The field holding {@code op}, typed by its own class where the generated code can name it (a
   * public top-level class its class loader resolves), else by {@code base}.
   */
  private String field(Object op, Class<?> base) {
    Integer index = fieldOfOp.get(op);
    if (index == null) {
      index = ops.size();
      ops.add(op);
      fieldOfOp.put(op, index);
      String type = ScalarSource.nameable(op.getClass()) ? op.getClass().getName() : base.getName();
      declarations.append("  private final ").append(type).append(" f").append(index);
      declarations.append(";\n");
      assignments.append("    f").append(index).append(" = (").append(type).append(") ops[");
      assignments.append(index).append("];\n");
    }
    return "f" + index;
  }

  /** The ops the fields hold, in field order: the generated constructor's {@code ops} argument. */
  Object[] ops() {
    return ops.toArray();
  }

  /** The fields' declarations, one line each. */
  CharSequence declarations() {
    return declarations;
  }

  /** The constructor's statements that set the fields from its {@code Object[] ops}. */
  CharSequence assignments() {
    return assignments;
  }
}
