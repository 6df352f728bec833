package dev.adjoint.autodiff.eval;

import com.google.common.primitives.ImmutableIntArray;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Generated code for large programs whose scalar instructions repeat a few patterns (a chain of
 * {@code x ← sin(x)·a + b} and its gradient): each block is cut into windows of 12 to 24
 * instructions, and windows that compute the same thing on different registers share one generated
 * class, which reads its registers' slots from an {@code int[]} at the window's offset; consecutive
 * windows of one pattern run as one loop over their offsets.
 *
 * <p>Why not straight-line code, as {@link ScalarSource} writes for smaller programs: its methods
 * run once per run, so the JIT compiles them only after thousands of runs, and until then they run
 * slower than the interpreter (a 300,000-instruction chain: 51 ns per op at first, 26 in the
 * interpreter, 18 after 40 seconds of runs). A window's pattern is run thousands of times per run,
 * so it is compiled within the first few runs, and the code is small enough to stay in cache.
 *
 * <p>A window's pattern is, for each instruction, its kind and op, where each operand comes from
 * (an earlier instruction of the window, held in a local, or a register) and whether the value is
 * stored and exported; the slots themselves are data. Each instruction performs the interpreter's
 * operation in the interpreter's order, so results are the same bit for bit.
 */
final class ScalarWindows {
  /**
   * The window sizes tried: the one giving the fewest runs of one pattern is used, so that a
   * program repeating a period of 2, 3, 4, 5, 6, 8, 9, 10 or 12 instructions runs as a few loops.
   */
  private static final int[] WINDOWS = {12, 16, 18, 20, 24};

  /** At most this many distinct patterns are compiled (about 0.1–1 ms each); more: no code. */
  static final int MAX_PATTERNS = 512;

  /** Each pattern must stand for at least this many windows on average, or there is no code. */
  static final int MIN_WINDOWS_PER_PATTERN = 8;

  private static final int CLASSES_PER_COMPILATION = 32;

  private ScalarWindows() {}

  /**
   * The runners of each block of {@code blocks} ({@code [block][run]}; each runs one or more
   * consecutive windows of one pattern), or {@code null} when the program's windows repeat too few
   * patterns at every window size (see {@link #MAX_PATTERNS}, {@link #MIN_WINDOWS_PER_PATTERN}).
   *
   * @throws Exception when compilation fails
   */
  static BiConsumer<double[], double[][]>[][] generate(
      ScalarPlan plan, ScalarBlocks blocks, JavaSourceCompiler compiler) throws Exception {
    int best = -1;
    long fewestRuns = Long.MAX_VALUE;
    for (int window : WINDOWS) {
      long runs = runs(plan, blocks, window);
      if (runs >= 0 && runs < fewestRuns) {
        best = window;
        fewestRuns = runs;
      }
    }
    return best < 0 ? null : generate(plan, blocks, best, compiler);
  }

  /**
   * How many runs of consecutive windows of one pattern the blocks make at window size {@code
   * window}, or {@code -1} when they repeat too few patterns.
   */
  private static long runs(ScalarPlan plan, ScalarBlocks blocks, int window) {
    Map<Object, Integer> opIndex = new IdentityHashMap<>();
    List<Object> ops = new ArrayList<>();
    Map<String, String> patterns = new HashMap<>();
    long windows = 0;
    long runs = 0;
    for (int b = 0; b < blocks.blockCount(); b++) {
      String previous = null;
      for (int from = blocks.start(b); from < blocks.end(b); from += window) {
        StringBuilder key = new StringBuilder();
        key(plan, from, Math.min(blocks.end(b), from + window), opIndex, ops, key, null);
        String pattern = patterns.computeIfAbsent(key.toString(), k -> k);
        if (!pattern.equals(previous)) {
          runs++;
        }
        previous = pattern;
        windows++;
        if (patterns.size() > MAX_PATTERNS) {
          return -1;
        }
      }
    }
    return (long) patterns.size() * MIN_WINDOWS_PER_PATTERN > windows ? -1 : runs;
  }

  @SuppressWarnings("unchecked")
  private static BiConsumer<double[], double[][]>[][] generate(
      ScalarPlan plan, ScalarBlocks blocks, int window, JavaSourceCompiler compiler)
      throws Exception {
    Map<Object, Integer> opIndex = new IdentityHashMap<>();
    List<Object> ops = new ArrayList<>();
    Map<String, Pattern> patterns = new LinkedHashMap<>();
    ImmutableIntArray.Builder slots = ImmutableIntArray.builder();
    int windows = 0;
    int slotCount = 0;
    // Each window: its pattern and its offset in the shared slot array.
    List<Pattern> patternOfWindow = new ArrayList<>();
    ImmutableIntArray.Builder offsetOfWindow = ImmutableIntArray.builder();
    int[] windowsBefore = new int[blocks.blockCount() + 1];
    for (int b = 0; b < blocks.blockCount(); b++) {
      for (int start = blocks.start(b); start < blocks.end(b); start += window) {
        int from = start;
        int to = Math.min(blocks.end(b), from + window);
        StringBuilder key = new StringBuilder();
        offsetOfWindow.add(slotCount);
        slotCount += key(plan, from, to, opIndex, ops, key, slots);
        patternOfWindow.add(
            patterns.computeIfAbsent(key.toString(), k -> new Pattern(k, plan, from, to)));
        windows++;
      }
      windowsBefore[b + 1] = windows;
    }
    int[] allSlots = slots.build().toArray();
    int[] offsets = offsetOfWindow.build().toArray();

    List<Pattern> distinct = new ArrayList<>(patterns.values());
    for (int c = 0; c < distinct.size(); c += CLASSES_PER_COMPILATION) {
      int to = Math.min(distinct.size(), c + CLASSES_PER_COMPILATION);
      StringBuilder unit = new StringBuilder();
      String[] names = new String[to - c];
      for (int k = c; k < to; k++) {
        names[k - c] = "AdjointWindow" + k;
        unit.append(distinct.get(k).source(names[k - c]));
      }
      Class<?>[] classes = compiler.compile(unit.toString(), names);
      for (int k = c; k < to; k++) {
        distinct.get(k).constructorOf(classes[k - c]);
      }
    }
    BiConsumer<double[], double[][]>[][] runners = new BiConsumer[blocks.blockCount()][];
    for (int b = 0; b < blocks.blockCount(); b++) {
      // Consecutive windows of one pattern run as one loop.
      List<BiConsumer<double[], double[][]>> block = new ArrayList<>();
      int w = windowsBefore[b];
      while (w < windowsBefore[b + 1]) {
        Pattern pattern = patternOfWindow.get(w);
        int repeats = 1;
        while (w + repeats < windowsBefore[b + 1] && patternOfWindow.get(w + repeats) == pattern) {
          repeats++;
        }
        block.add(pattern.newRunner(allSlots, offsets[w], repeats));
        w += repeats;
      }
      runners[b] = block.toArray(new BiConsumer[0]);
    }
    return runners;
  }

  /**
   * Appends the pattern of instructions {@code [from, to)} to {@code key} and the slots it reads
   * and writes, in the order the generated code reads them, to {@code slots} (unless {@code null});
   * returns how many.
   */
  private static int key(
      ScalarPlan plan,
      int from,
      int to,
      Map<Object, Integer> opIndex,
      List<Object> ops,
      StringBuilder key,
      ImmutableIntArray.Builder slots) {
    int count = 0;
    // Which earlier instruction of the window holds the value of a slot (absent: its register).
    Map<Integer, Integer> localOfSlot = new HashMap<>();
    for (int k = from; k < to; k++) {
      ScalarInstruction instruction = plan.instruction(k);
      key.append(instruction.kind().ordinal());
      Object op = instruction.unary() != null ? instruction.unary() : instruction.binary();
      if (op != null) {
        key.append('#').append(opIndex(op, opIndex, ops));
      }
      int first = plan.firstOperand(k);
      int arity = instruction.unary() == null ? 2 : 1;
      for (int j = 0; j < arity; j++) {
        int slot = plan.operandSlot(first + j);
        Integer local = localOfSlot.get(slot);
        if (local != null) {
          key.append(",t").append(local);
        } else {
          key.append(",r");
          if (slots != null) {
            slots.add(slot);
          }
          count++;
        }
      }
      int out = plan.outputSlot(k);
      if (plan.localBefore(k, to)) {
        key.append(";");
      } else {
        key.append(plan.exported(k) ? ">s;" : ">r;");
        if (slots != null) {
          slots.add(out);
        }
        count++;
      }
      localOfSlot.put(out, k - from);
    }
    return count;
  }

  private static int opIndex(Object op, Map<Object, Integer> opIndex, List<Object> ops) {
    return opIndex.computeIfAbsent(
        op,
        o -> {
          ops.add(o);
          return ops.size() - 1;
        });
  }

  /** One distinct pattern: its generated source and, once compiled, its constructor. */
  private static final class Pattern {
    private final String key;
    private final StringBuilder body = new StringBuilder();
    private final OpFields fields = new OpFields();
    private Constructor<?> constructor;
    private Object[] opArray;

    /** The number of slots one window of this pattern reads and writes. */
    private int width;

    /** The pattern of instructions {@code [from, to)} of {@code plan}, whose key is {@code key}. */
    Pattern(String key, ScalarPlan plan, int from, int to) {
      this.key = key;
      Map<Integer, String> localOfSlot = new HashMap<>();
      int read = 0;
      for (int k = from; k < to; k++) {
        ScalarInstruction instruction = plan.instruction(k);
        int first = plan.firstOperand(k);
        String x = operand(plan.operandSlot(first), localOfSlot, read);
        if (!localOfSlot.containsKey(plan.operandSlot(first))) {
          read++;
        }
        String y = "";
        if (instruction.unary() == null) {
          y = operand(plan.operandSlot(first + 1), localOfSlot, read);
          if (!localOfSlot.containsKey(plan.operandSlot(first + 1))) {
            read++;
          }
        }
        String value = fields.expression(instruction, x, y);
        String local = "t" + (k - from);
        body.append("    final double ").append(local).append(" = ").append(value).append(";\n");
        if (!plan.localBefore(k, to)) {
          String out = "c[p + " + read++ + "]";
          body.append("    r[").append(out).append("] = ").append(local).append(";\n");
          if (plan.exported(k)) {
            body.append("    s[").append(out).append("][0] = ").append(local).append(";\n");
          }
        }
        localOfSlot.put(plan.outputSlot(k), local);
      }
      width = read;
    }

    private static String operand(int slot, Map<Integer, String> localOfSlot, int read) {
      String local = localOfSlot.get(slot);
      return local != null ? local : "r[c[p + " + read + "]]";
    }

    /** The source of the class {@code name} computing this pattern. */
    String source(String name) {
      StringBuilder text = new StringBuilder();
      text.append("public final class ").append(name);
      text.append(" implements java.util.function.BiConsumer {\n");
      text.append(fields.declarations());
      text.append(
          "  private final int[] c;\n  private final int start;\n  private final int end;\n");
      text.append("  public ")
          .append(name)
          .append("(Object[] ops, int[] c, int start, int end) {\n");
      text.append(fields.assignments());
      text.append("    this.c = c;\n    this.start = start;\n    this.end = end;\n  }\n");
      text.append("  public void accept(Object registers, Object slots) {\n");
      text.append("    double[] r = (double[]) registers;\n");
      text.append("    double[][] s = (double[][]) slots;\n");
      text.append("    int[] c = this.c;\n");
      text.append("    for (int p = start; p < end; p += ").append(width).append(") {\n");
      text.append(body);
      text.append("    }\n  }\n}\n");
      return text.toString();
    }

    void constructorOf(Class<?> compiled) throws NoSuchMethodException {
      constructor = compiled.getConstructor(Object[].class, int[].class, int.class, int.class);
      opArray = fields.ops();
    }

    @SuppressWarnings("unchecked")
    BiConsumer<double[], double[][]> newRunner(int[] slots, int offset, int repeats)
        throws Exception {
      return (BiConsumer<double[], double[][]>)
          constructor.newInstance(opArray, slots, offset, offset + repeats * width);
    }

    @Override
    public String toString() {
      return key;
    }
  }
}
