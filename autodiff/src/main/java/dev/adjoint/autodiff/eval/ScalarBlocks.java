package dev.adjoint.autodiff.eval;

import dev.adjoint.autodiff.op.ElementwiseBinary;
import dev.adjoint.autodiff.op.ElementwiseFunction;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A program's runs of consecutive scalar instructions ("blocks"), each encoded as one stream of
 * {@code int}s that a tight loop interprets: what {@link Program.Workspace#execute} runs when every
 * instruction of a block is to be recomputed and no generated code ({@link ScalarCode}) is in use.
 *
 * <p>Why: the instruction-by-instruction loop reads each scalar instruction from half a dozen
 * arrays indexed by schedule position (its node, dependencies, operand start, operand slots, output
 * slot, op, export flag), a few dozen bytes from as many places. In a program of 10⁵ instructions
 * those arrays outgrow the caches and the loop costs a third more per instruction than in a small
 * one. Here an instruction is four consecutive {@code int}s, {@code header, out, x, y} ({@code y}
 * unused by an op of one operand), the header holding its kind, whether its value is copied to its
 * buffer, and the index of its op in a small table. The arithmetic is the interpreter's, in its
 * order, so results are the same bit for bit.
 *
 * <p>Immutable and thread-safe: the registers and buffers are the workspace's, passed on each call.
 */
final class ScalarBlocks {
  /**
   * Runs of fewer scalar instructions than this are left to the instruction-by-instruction loop.
   */
  static final int MIN_BLOCK = 2;

  private static final int ADD = 0;
  private static final int SUB = 1;
  private static final int MUL = 2;
  private static final int DIV = 3;
  private static final int NEG = 4;
  private static final int UNARY = 5;
  private static final int BINARY = 6;
  private static final int KIND_BITS = 0b111;
  private static final int EXPORTED = 0b1000;
  private static final int OP_SHIFT = 4;

  private final int[] start;
  private final int[] end;

  /** The distinct dependency masks of each block's instructions. */
  private final int[][] masks;

  /** Block {@code b}'s instructions are {@code code[codeStart[b] .. codeStart[b + 1])}. */
  private final int[] codeStart;

  private final int[] code;
  private final ElementwiseFunction[] unary;
  private final ElementwiseBinary[] binary;

  private ScalarBlocks(
      int[] start,
      int[] end,
      int[][] masks,
      int[] codeStart,
      int[] code,
      ElementwiseFunction[] unary,
      ElementwiseBinary[] binary) {
    this.start = start;
    this.end = end;
    this.masks = masks;
    this.codeStart = codeStart;
    this.code = code;
    this.unary = unary;
    this.binary = binary;
  }

  /** The blocks of {@code plan}: every run of at least {@link #MIN_BLOCK} scalar instructions. */
  static ScalarBlocks of(ScalarPlan plan) {
    List<int[]> runs = runs(plan);
    int[] start = new int[runs.size()];
    int[] end = new int[runs.size()];
    int[][] masks = new int[runs.size()][];
    int[] codeStart = new int[runs.size() + 1];
    IntStream.Builder code = IntStream.builder();
    Map<Object, Integer> unaryIndex = new IdentityHashMap<>();
    Map<Object, Integer> binaryIndex = new IdentityHashMap<>();
    List<ElementwiseFunction> unary = new ArrayList<>();
    List<ElementwiseBinary> binary = new ArrayList<>();
    for (int b = 0; b < runs.size(); b++) {
      start[b] = runs.get(b)[0];
      end[b] = runs.get(b)[1];
      masks[b] = IntStream.range(start[b], end[b]).map(plan::dependencies).distinct().toArray();
      for (int k = start[b]; k < end[b]; k++) {
        ScalarInstruction instruction = plan.instruction(k);
        int header =
            switch (instruction.kind()) {
              case ADD -> ADD;
              case SUB -> SUB;
              case MUL -> MUL;
              case DIV -> DIV;
              case NEG -> NEG;
              case UNARY -> UNARY | index(instruction.unary(), unaryIndex, unary) << OP_SHIFT;
              case BINARY -> BINARY | index(instruction.binary(), binaryIndex, binary) << OP_SHIFT;
            };
        if (plan.exported(k)) {
          header |= EXPORTED;
        }
        int first = plan.firstOperand(k);
        int y = instruction.unary() == null ? plan.operandSlot(first + 1) : 0;
        code.add(header).add(plan.outputSlot(k)).add(plan.operandSlot(first)).add(y);
      }
      codeStart[b + 1] = codeStart[b] + 4 * (end[b] - start[b]);
    }
    return new ScalarBlocks(
        start,
        end,
        masks,
        codeStart,
        code.build().toArray(),
        unary.toArray(new ElementwiseFunction[0]),
        binary.toArray(new ElementwiseBinary[0]));
  }

  private static <T> int index(T op, Map<Object, Integer> indexOf, List<T> ops) {
    return indexOf.computeIfAbsent(
        op,
        o -> {
          ops.add(op);
          return ops.size() - 1;
        });
  }

  /** The maximal runs {@code [start, end)} of at least {@link #MIN_BLOCK} scalar instructions. */
  private static List<int[]> runs(ScalarPlan plan) {
    List<int[]> runs = new ArrayList<>();
    int k = 0;
    while (k < plan.count()) {
      if (plan.instruction(k) == null) {
        k++;
        continue;
      }
      int from = k;
      while (k < plan.count() && plan.instruction(k) != null) {
        k++;
      }
      if (k - from >= MIN_BLOCK) {
        runs.add(new int[] {from, k});
      }
    }
    return runs;
  }

  /** The number of blocks. */
  int blockCount() {
    return start.length;
  }

  /** The first instruction of block {@code b}. */
  int start(int b) {
    return start[b];
  }

  /** One past the last instruction of block {@code b}. */
  int end(int b) {
    return end[b];
  }

  /**
   * Whether every instruction of block {@code b} depends on a variable in {@code stale}: only then
   * may the whole block be run at once.
   */
  boolean allStale(int b, int stale) {
    for (int mask : masks[b]) {
      if ((mask & stale) == 0) {
        return false;
      }
    }
    return true;
  }

  /** Interprets block {@code b} on a workspace's registers and buffers. */
  void run(int b, double[] r, double[][] s) {
    int[] code = this.code;
    int p = codeStart[b];
    int to = codeStart[b + 1];
    while (p < to) {
      int header = code[p];
      int out = code[p + 1];
      double x = r[code[p + 2]];
      double value;
      switch (header & KIND_BITS) {
        case ADD -> value = x + r[code[p + 3]];
        case SUB -> value = x - r[code[p + 3]];
        case MUL -> value = x * r[code[p + 3]];
        case DIV -> value = x / r[code[p + 3]];
        case NEG -> value = -x;
        case UNARY -> value = unary[header >>> OP_SHIFT].apply(x);
        default -> value = binary[header >>> OP_SHIFT].apply(x, r[code[p + 3]]);
      }
      r[out] = value;
      if ((header & EXPORTED) != 0) {
        s[out][0] = value;
      }
      p += 4;
    }
  }
}
