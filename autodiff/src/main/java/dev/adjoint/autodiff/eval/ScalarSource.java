package dev.adjoint.autodiff.eval;

import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * The Java source of one generated class: straight-line code for consecutive scalar instructions of
 * one block, {@code r[12] = r[5] * r[7];}, {@code r[13] = f3.apply(r[12]);}, on the register file
 * {@code r} (and {@code s}, the buffers, for values a kernel or a caller reads).
 *
 * <p>Each instruction becomes the same operation the interpreter performs ({@code + − · /} and
 * negation written inline, every other op a call of its own {@code apply} through a final field),
 * in the same order, so the results are the same bit for bit. Each call site sees one op class, so
 * the JIT inlines it. The code is split into methods of at most {@link #STATEMENTS_PER_METHOD}
 * statements, well under HotSpot's 8,000-byte limit beyond which a method is never compiled; a
 * value read only inside its own method is a local variable instead of a register.
 *
 * <p>The class implements {@code BiConsumer<double[], double[][]>} (a JDK type, so the generated
 * class needs nothing from this package), has a constructor taking its ops as {@code Object[]}, and
 * runs its methods in order from {@code accept(r, s)}.
 */
final class ScalarSource {
  /** At most this many statements per generated method (about 30 bytes of bytecode each). */
  static final int STATEMENTS_PER_METHOD = 200;

  /** At most this many methods per generated class (constant-pool entries stay far below 65535). */
  static final int METHODS_PER_CLASS = 32;

  private final String className;
  private final StringBuilder methods = new StringBuilder();
  private final OpFields fields = new OpFields();
  private int methodCount;

  ScalarSource(String className) {
    this.className = className;
  }

  /** The class's name (in the default package). */
  String className() {
    return className;
  }

  /** The ops its fields hold, in field order: the constructor's argument. */
  Object[] ops() {
    return fields.ops();
  }

  /**
   * Adds a method computing instructions {@code [from, to)} of {@code plan}: at most {@link
   * #STATEMENTS_PER_METHOD}.
   */
  void addMethod(ScalarPlan plan, int from, int to) {
    methods.append("  private void m").append(methodCount++);
    methods.append("(double[] r, double[][] s) {\n");
    // Which local holds the value of a slot written earlier in this method (absent: r[slot]).
    Map<Integer, String> localOfSlot = new HashMap<>();
    for (int k = from; k < to; k++) {
      ScalarInstruction instruction = plan.instruction(k);
      int first = plan.firstOperand(k);
      String x = operand(plan.operandSlot(first), localOfSlot);
      String y =
          instruction.unary() == null ? operand(plan.operandSlot(first + 1), localOfSlot) : "";
      String value = fields.expression(instruction, x, y);
      int slot = plan.outputSlot(k);
      if (plan.localBefore(k, to)) {
        String local = "v" + k;
        methods.append("    final double ").append(local).append(" = ").append(value);
        methods.append(";\n");
        localOfSlot.put(slot, local);
      } else {
        methods.append("    r[").append(slot).append("] = ").append(value).append(";\n");
        localOfSlot.remove(slot);
        if (plan.exported(k)) {
          methods.append("    s[").append(slot).append("][0] = r[").append(slot).append("];\n");
        }
      }
    }
    methods.append("  }\n");
  }

  private static String operand(int slot, Map<Integer, String> localOfSlot) {
    String local = localOfSlot.get(slot);
    return local != null ? local : "r[" + slot + "]";
  }

  /**
   * Whether generated code can name {@code c}: a public top-level class that Adjoint's class loader
   * resolves.
   */
  static boolean nameable(Class<?> c) {
    if (!Modifier.isPublic(c.getModifiers()) || c.getEnclosingClass() != null) {
      return false;
    }
    try {
      return Class.forName(c.getName(), false, ScalarSource.class.getClassLoader()) == c;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The number of methods added. */
  int methodCount() {
    return methodCount;
  }

  /** The complete source text. */
  String source() {
    StringBuilder text = new StringBuilder();
    text.append("public final class ").append(className);
    text.append(" implements java.util.function.BiConsumer {\n");
    text.append(fields.declarations());
    text.append("  public ").append(className).append("(Object[] ops) {\n");
    text.append(fields.assignments()).append("  }\n");
    text.append("  public void accept(Object registers, Object slots) {\n");
    text.append("    double[] r = (double[]) registers;\n");
    text.append("    double[][] s = (double[][]) slots;\n");
    for (int m = 0; m < methodCount; m++) {
      text.append("    m").append(m).append("(r, s);\n");
    }
    text.append("  }\n");
    text.append(methods);
    text.append("}\n");
    return text.toString();
  }
}
