package dev.adjoint.autodiff.eval;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.adjoint.autodiff.BindingException;
import dev.adjoint.autodiff.Shape;
import dev.adjoint.autodiff.Tensor;
import dev.adjoint.autodiff.Variable;
import dev.adjoint.autodiff.kernel.WorkerThreads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Evaluates a loss that is a sum over examples, and its gradients, on several threads: the batch is
 * split into contiguous chunks, each chunk runs in its own {@link Program.Workspace} on its own
 * thread, and the chunks' outputs are added in chunk order.
 *
 * <pre>{@code
 * int n = 97;
 * IntFunction<Program> forBatch = m -> {          // the loss and gradients for m examples
 *   Variable x = Variable.of("X", m, 784), y = Variable.of("y", m);
 *   Expr loss = Losses.crossEntropy(matmul(x, W).plus(b), y, Reduction.SUM).div(n);
 *   Gradients g = Gradients.of(loss, W, b);
 *   return Program.compile(loss, g.of(W), g.of(b));
 * };
 * try (BatchSplit split = BatchSplit.of(n, forBatch, List.of("X", "y"), 4)) {
 *   split.set("X", images).set("y", labels).set("W", w).set("b", b0).execute();
 *   double loss = split.scalar(0);
 *   split.copyOutput(1, gradW, 0);
 * }
 * }</pre>
 *
 * <p><b>The contract: every output is additive over the examples.</b> Output {@code i} of the whole
 * batch must equal the sum of output {@code i} over the chunks: a loss written as a sum of
 * per-example terms ({@link dev.adjoint.autodiff.loss.Reduction#SUM}), and its gradients with
 * respect to the parameters. This cannot be checked in general, and an output that breaks it is
 * silently wrong: a max over the batch, a mean over the chunk ({@code Reduction.MEAN} divides each
 * chunk by its own size), a batch normalization. <b>For a mean</b>, write the sum and divide by the
 * whole batch's size {@code n} (a constant of the enclosing scope, as above), not by the chunk's
 * {@code m}: {@code Σ lᵢ / n} over the chunks adds up to the mean. An output whose shape depends on
 * the chunk's size (per-example predictions) is refused when the chunks' sizes differ.
 *
 * <p><b>Chunking and determinism.</b> For a batch of {@code n} and {@code t} threads there are
 * {@code k = min(t, n)} chunks; the first {@code n mod k} hold {@code ⌊n/k⌋ + 1} examples, the rest
 * {@code ⌊n/k⌋}, in order. The chunking depends on {@code n} and {@code t} only, and the reduction
 * is the left-to-right sum {@code ((c₀ + c₁) + c₂) + …}, so the result is the same, bit for bit, on
 * every run with the same thread count, however the threads are scheduled. With another thread
 * count the sums are grouped differently and may differ in the last bits.
 *
 * <p><b>Variables.</b> Data variables (named at construction) have the batch on axis 0: a value is
 * bound for the whole batch and each chunk's workspace receives its rows. Every other variable (the
 * parameters) is bound in every chunk's workspace. Values stay bound across runs, as in a
 * workspace, and each workspace recomputes only what depends on what was bound since its last run
 * (data bound once is not re-read). Once warm, {@link #set(Variable, double[], int)}, {@link
 * #setData(String, double[])} and {@link #execute()} copy into buffers allocated at construction
 * and allocate nothing: each chunk's task is made once and handed to a parked worker thread through
 * preallocated state ({@link WorkerThreads}).
 *
 * <p><b>Nested threads.</b> A large matrix product already splits its rows over the cores inside
 * the kernel ({@link dev.adjoint.autodiff.kernel.MatMul}); with a split over every core, run with
 * {@code -Dadjoint.matmul.threads=1} so the two do not compete for the same cores. The kernel's
 * result does not depend on its thread count, so neither does the split's.
 *
 * <p>The program for each distinct chunk size (at most two) is compiled once, at construction, by
 * the given function. The {@code t − 1} worker threads are daemon threads owned by this object,
 * started by the first run and parked between runs; {@link #close()} stops them, and one idle for
 * {@value WorkerThreads#KEEP_ALIVE_SECONDS} seconds ends by itself (and is started again by the
 * next run), so an unclosed split does not keep threads alive. Not thread-safe: one caller at a
 * time.
 */
public final class BatchSplit implements AutoCloseable {
  private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

  private final int batchSize;
  private final int[] chunkStart;
  private final ImmutableSet<String> data;
  private final Program[] programs;
  private final Program.Workspace[] workspaces;
  private final Runnable[] runs;

  /** The worker running each chunk's task during a run; {@code null} for chunk 0. */
  private final WorkerThreads.Worker[] running;

  private final WorkerThreads workers;
  private boolean closed;

  /** Each data variable's whole-batch value, for binding from a tensor without allocating. */
  private final Map<String, double[]> dataBuffers = new HashMap<>();

  private final Shape[] outputShapes;
  private final double[][] sums;

  /** One chunk's output on its way into {@link #sums}: as long as the longest output. */
  private final double[] chunkOutput;

  private BatchSplit(
      int batchSize, IntFunction<Program> programForBatch, Collection<String> data, int threads) {
    checkArgument(batchSize >= 1, "the batch must hold at least one example, not %s", batchSize);
    checkArgument(threads >= 1, "the thread count must be at least 1, not %s", threads);
    checkArgument(!data.isEmpty(), "name at least one data variable (whose axis 0 is the batch)");
    this.batchSize = batchSize;
    this.data = ImmutableSet.copyOf(data);
    int chunks = Math.min(threads, batchSize);
    chunkStart = chunkStarts(batchSize, chunks);
    programs = new Program[chunks];
    workspaces = new Program.Workspace[chunks];
    runs = new Runnable[chunks];
    running = new WorkerThreads.Worker[chunks];
    Map<Integer, Program> bySize = new HashMap<>();
    for (int c = 0; c < chunks; c++) {
      int size = chunkSize(c);
      Program program = bySize.computeIfAbsent(size, m -> compileChunk(programForBatch, m));
      programs[c] = program;
      workspaces[c] = program.newWorkspace();
      Program.Workspace ws = workspaces[c];
      runs[c] = ws::execute;
    }
    outputShapes = outputShapes(bySize);
    sums = new double[outputShapes.length][];
    for (int i = 0; i < sums.length; i++) {
      sums[i] = new double[outputShapes[i].size()];
    }
    int longest = 0;
    for (double[] sum : sums) {
      longest = Math.max(longest, sum.length);
    }
    chunkOutput = new double[longest];
    for (Variable v : programs[0].variables()) {
      if (this.data.contains(v.name())) {
        dataBuffers.put(v.name(), new double[batchSize * rowSize(v)]);
      }
    }
    workers = WorkerThreads.create("adjoint-batch-" + POOL_NUMBER.incrementAndGet());
  }

  /**
   * A split of a batch of {@code batchSize} examples over {@code threads} threads (fewer when the
   * batch is smaller).
   *
   * @param programForBatch the loss and gradients for a batch of {@code m} examples, for each chunk
   *     size {@code m}; every output must be a sum over the examples (see the class comment)
   * @param data the names of the variables whose axis 0 is the batch axis
   * @throws IllegalArgumentException when a program's data variable does not have the chunk's size
   *     on axis 0, or an output's shape depends on the chunk's size
   */
  public static BatchSplit of(
      int batchSize, IntFunction<Program> programForBatch, Collection<String> data, int threads) {
    checkNotNull(programForBatch, "programForBatch");
    checkNotNull(data, "data");
    return new BatchSplit(batchSize, programForBatch, data, threads);
  }

  /** As {@link #of(int, IntFunction, Collection, int)}, on every available processor. */
  public static BatchSplit of(
      int batchSize, IntFunction<Program> programForBatch, Collection<String> data) {
    return of(batchSize, programForBatch, data, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Where each of {@code chunks} contiguous chunks of a batch of {@code n} starts, plus {@code n}
   * at the end: the first {@code n mod chunks} chunks hold one example more than the others.
   */
  static int[] chunkStarts(int n, int chunks) {
    int[] start = new int[chunks + 1];
    int base = n / chunks;
    int extra = n % chunks;
    for (int c = 0; c < chunks; c++) {
      start[c + 1] = start[c] + base + (c < extra ? 1 : 0);
    }
    return start;
  }

  private Program compileChunk(IntFunction<Program> programForBatch, int size) {
    Program program = programForBatch.apply(size);
    checkArgument(program != null, "the program for a chunk of %s examples is null", size);
    List<String> names = new ArrayList<>();
    for (Variable v : program.variables()) {
      names.add(v.name());
      if (data.contains(v.name())) {
        checkArgument(
            v.shape().rank() >= 1 && v.shape().dim(0) == size,
            "the program for a chunk of %s examples has data variable %s of shape %s: its axis 0"
                + " must be the chunk's size",
            size,
            v.name(),
            v.shape());
      }
    }
    for (String name : data) {
      checkArgument(
          names.contains(name),
          "data variable %s is not in the program; its variables are %s",
          name,
          names);
    }
    return program;
  }

  private static Shape[] outputShapes(Map<Integer, Program> bySize) {
    Shape[] shapes = null;
    int firstSize = 0;
    for (Map.Entry<Integer, Program> e : bySize.entrySet()) {
      List<Shape> these = e.getValue().outputs().stream().map(o -> o.shape()).toList();
      if (shapes == null) {
        shapes = these.toArray(new Shape[0]);
        firstSize = e.getKey();
        continue;
      }
      checkArgument(
          these.size() == shapes.length,
          "the program for %s examples has %s outputs, the one for %s has %s",
          e.getKey(),
          these.size(),
          firstSize,
          shapes.length);
      for (int i = 0; i < shapes.length; i++) {
        checkArgument(
            these.get(i).equals(shapes[i]),
            "output %s has shape %s for a chunk of %s examples but %s for %s: every output must be"
                + " a sum over the examples, whose shape does not depend on their number",
            i,
            these.get(i),
            e.getKey(),
            shapes[i],
            firstSize);
      }
    }
    return shapes;
  }

  private static int rowSize(Variable v) {
    return v.shape().size() / v.shape().dim(0);
  }

  /** The number of examples in the batch. */
  public int batchSize() {
    return batchSize;
  }

  /** The number of chunks (and threads): the thread count, or the batch size if smaller. */
  public int chunkCount() {
    return chunkStart.length - 1;
  }

  /** The number of examples in chunk {@code c}. */
  public int chunkSize(int c) {
    return chunkStart[c + 1] - chunkStart[c];
  }

  /** The index of chunk {@code c}'s first example in the batch. */
  public int chunkStart(int c) {
    return chunkStart[c];
  }

  /** The program that evaluates chunk {@code c} (shared by the chunks of the same size). */
  public Program program(int c) {
    return programs[c];
  }

  /**
   * Binds a variable: a data variable's value holds the whole batch on axis 0 and each chunk gets
   * its rows; any other variable is bound in every chunk.
   *
   * @throws BindingException when a data value's axis 0 is not the batch size or another axis
   *     differs from the program's, or a variable is unknown or of another shape
   */
  public BatchSplit set(String name, Tensor value) {
    checkNotNull(value, "value");
    if (!data.contains(name)) {
      for (Program.Workspace ws : workspaces) {
        ws.set(name, value);
      }
      return this;
    }
    Variable chunkVariable = dataVariable(name, 0);
    Shape shape = value.shape();
    if (shape.rank() == 0 || shape.dim(0) != batchSize) {
      throw new BindingException(
          "data variable "
              + name
              + " is bound to a value of shape "
              + shape
              + ": its axis 0 must be the batch size "
              + batchSize
              + ", as for every data variable");
    }
    if (shape.size() / batchSize != rowSize(chunkVariable) || !sameTrailingAxes(shape, name)) {
      throw new BindingException(
          "data variable "
              + name
              + " is bound to a value of shape "
              + shape
              + ", but the program's rows have shape "
              + rowShape(chunkVariable));
    }
    double[] buffer = dataBuffers.get(name);
    value.copyTo(buffer, 0);
    return scatter(name, buffer);
  }

  /**
   * Binds data variable {@code name} to {@code values}, the whole batch row-major ({@code batchSize
   * × row} values): the no-allocation path.
   */
  public BatchSplit setData(String name, double[] values) {
    checkNotNull(values, "values");
    if (!data.contains(name)) {
      throw new BindingException(
          name + " is not a data variable; the data variables are " + data.asList());
    }
    int expected = batchSize * rowSize(dataVariable(name, 0));
    if (values.length != expected) {
      throw new BindingException(
          "data variable "
              + name
              + " needs "
              + expected
              + " values ("
              + batchSize
              + " rows of "
              + rowShape(dataVariable(name, 0))
              + "), but the array has "
              + values.length);
    }
    return scatter(name, values);
  }

  /**
   * Binds parameter {@code variable} to {@code src[offset .. offset + size)} in every chunk: the
   * no-allocation path for optimizers that keep all parameters in one flat array.
   */
  public BatchSplit set(Variable variable, double[] src, int offset) {
    checkNotNull(variable, "variable");
    if (data.contains(variable.name())) {
      throw new BindingException(
          variable.name() + " is a data variable: bind the whole batch with set(name, tensor)");
    }
    for (Program.Workspace ws : workspaces) {
      ws.set(variable, src, offset);
    }
    return this;
  }

  private BatchSplit scatter(String name, double[] values) {
    for (int c = 0; c < workspaces.length; c++) {
      Variable v = dataVariable(name, c);
      workspaces[c].set(v, values, chunkStart[c] * rowSize(v));
    }
    return this;
  }

  private Variable dataVariable(String name, int chunk) {
    for (Variable v : programs[chunk].variables()) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    throw new AssertionError(name + " was checked at construction");
  }

  private boolean sameTrailingAxes(Shape shape, String name) {
    Shape expected = dataVariable(name, 0).shape();
    if (shape.rank() != expected.rank()) {
      return false;
    }
    for (int a = 1; a < shape.rank(); a++) {
      if (shape.dim(a) != expected.dim(a)) {
        return false;
      }
    }
    return true;
  }

  private static String rowShape(Variable v) {
    int[] dims = v.shape().dims();
    return Shape.of(Arrays.copyOfRange(dims, 1, dims.length)).toString();
  }

  /**
   * Runs every chunk, chunk 0 on the calling thread and the others on the workers, then adds the
   * chunks' outputs in chunk order.
   *
   * @throws RuntimeException the first chunk's (in chunk order) failure, as its workspace threw it
   * @throws IllegalStateException after {@link #close()}
   */
  public BatchSplit execute() {
    if (closed) {
      throw new IllegalStateException("this batch split is closed: make a new one to run again");
    }
    int chunks = workspaces.length;
    for (int c = 1; c < chunks; c++) {
      running[c] = workers.start(runs[c], chunks - 1);
    }
    Throwable failure = null;
    try {
      runs[0].run();
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    for (int c = 1; c < chunks; c++) {
      Throwable thrown;
      if (running[c] == null) {
        thrown = runHere(runs[c]); // no worker was free: cannot happen while used by one caller
      } else {
        thrown = running[c].join();
        running[c] = null;
      }
      if (failure == null) {
        failure = thrown;
      }
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure != null) {
      throw new IllegalStateException("a chunk of the batch failed: " + failure, failure);
    }
    reduce();
    return this;
  }

  private static Throwable runHere(Runnable run) {
    try {
      run.run();
      return null;
    } catch (RuntimeException | Error e) {
      return e;
    }
  }

  /** Left to right, {@code ((c₀ + c₁) + c₂) + …}: the order is what makes the sum repeatable. */
  private void reduce() {
    for (int i = 0; i < sums.length; i++) {
      double[] sum = sums[i];
      workspaces[0].copyOutput(i, sum, 0);
      for (int c = 1; c < workspaces.length; c++) {
        workspaces[c].copyOutput(i, chunkOutput, 0);
        for (int j = 0; j < sum.length; j++) {
          sum[j] += chunkOutput[j];
        }
      }
    }
  }

  /** The sum over the chunks of output {@code i}, copied. */
  public Tensor output(int i) {
    return Tensor.of(outputShapes[i], sums[i]);
  }

  /** The sum over the chunks of a single-element output. */
  public double scalar(int i) {
    checkArgument(sums[i].length == 1, "output %s has shape %s, not a scalar", i, outputShapes[i]);
    return sums[i][0];
  }

  /** Copies the sum over the chunks of output {@code i} into {@code dst} at {@code offset}. */
  public void copyOutput(int i, double[] dst, int offset) {
    System.arraycopy(sums[i], 0, dst, offset, sums[i].length);
  }

  /** The outputs' shapes, in order. */
  public List<Shape> outputShapes() {
    return ImmutableList.copyOf(outputShapes);
  }

  /** Stops the worker threads; a run after this fails. */
  @Override
  public void close() {
    closed = true;
    workers.close();
  }
}
