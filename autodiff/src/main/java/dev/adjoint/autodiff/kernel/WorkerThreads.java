package dev.adjoint.autodiff.kernel;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.LockSupport;

/**
 * A few daemon threads, started on first need and parked between jobs, each handed one task at a
 * time through fields set before the handover: a warm handover and join allocate nothing (a task
 * submitted to a {@link java.util.concurrent.ForkJoinPool} or an executor allocates its handle, and
 * joining it from outside the pool allocates a wait node).
 *
 * <pre>{@code
 * WorkerThreads.Worker worker = threads.start(task, 3); // null: none free, so run it here
 * if (worker == null) task.run();
 * ... the caller's own share ...
 * Throwable failure = worker == null ? null : worker.join();
 * }</pre>
 *
 * <p>A worker that stays idle for {@link #KEEP_ALIVE_SECONDS} seconds ends, and is started again
 * when next needed, so threads never outlive their use for long even if {@link #close()} is never
 * called. A task's failure (any {@link Throwable}) is caught on the worker, which stays usable, and
 * returned by {@link Worker#join()} on the caller.
 *
 * <p>Thread-safe: callers on several threads may start tasks at once; each worker runs one task at
 * a time, and {@link #start} returns {@code null} when no worker is free and no more may be
 * started. An instance runs at most as many threads as the largest limit passed to {@link #start},
 * and never more than {@link #MAX_THREADS}.
 */
public final class WorkerThreads {
  /** How long an idle worker waits for its next task before its thread ends. */
  public static final long KEEP_ALIVE_SECONDS = 60;

  /** The most threads one instance runs, whatever the limits asked for. */
  public static final int MAX_THREADS = 256;

  /** Rounds a caller or worker spins before parking: long enough to bridge a short gap. */
  private static final int SPINS = 1 << 10;

  private static final int IDLE = 0;
  private static final int CLAIMED = 1;
  private static final int RUNNING = 2;
  private static final int DONE = 3;
  private static final int ENDED = 4;

  private final String name;
  private final long keepAliveNanos;
  private final AtomicInteger started = new AtomicInteger();
  private volatile Worker[] workers = new Worker[0];
  private volatile boolean closed;

  private WorkerThreads(String name, long keepAliveNanos) {
    this.name = name;
    this.keepAliveNanos = keepAliveNanos;
  }

  /** Worker threads named {@code name-1}, {@code name-2}, …, none started yet. */
  public static WorkerThreads create(String name) {
    return new WorkerThreads(name, TimeUnit.SECONDS.toNanos(KEEP_ALIVE_SECONDS));
  }

  /** As {@link #create(String)}, with another keep-alive (for tests). */
  static WorkerThreads create(String name, long keepAliveNanos) {
    return new WorkerThreads(name, keepAliveNanos);
  }

  /**
   * Hands {@code task} to a free worker, starting one if fewer than {@code limit} (and {@link
   * #MAX_THREADS}) exist; returns the worker, whose {@link Worker#join()} must then be called once,
   * or {@code null} when none is free (the caller then runs the task itself).
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public Worker start(Runnable task, int limit) {
    if (closed) {
      throw new IllegalStateException("worker threads " + name + " are closed");
    }
    for (Worker w : workers) {
      if (w.claim()) {
        w.hand(task);
        return w;
      }
    }
    return startNew(task, limit);
  }

  /** A new worker for {@code task} in a free or ended place, or {@code null} at the limit. */
  private synchronized Worker startNew(Runnable task, int limit) {
    Worker[] current = workers;
    for (int i = 0; i < current.length; i++) {
      if (current[i].claim()) {
        current[i].hand(task);
        return current[i];
      }
      if (current[i].state == ENDED) {
        Worker[] replaced = current.clone(); // a new array, so readers never see one change
        return begin(replaced, i, task);
      }
    }
    if (current.length >= Math.min(limit, MAX_THREADS)) {
      return null;
    }
    return begin(Arrays.copyOf(current, current.length + 1), current.length, task);
  }

  /** A new worker at {@code workers[i]}, running {@code task}; publishes {@code workers}. */
  private Worker begin(Worker[] workers, int i, Runnable task) {
    Worker fresh = new Worker();
    workers[i] = fresh;
    this.workers = workers;
    fresh.hand(task);
    fresh.thread.start();
    return fresh;
  }

  /** The number of worker threads alive now (for tests). */
  int alive() {
    int count = 0;
    for (Worker w : workers) {
      if (w.thread.isAlive()) {
        count++;
      }
    }
    return count;
  }

  /** Ends every worker once its current task (if any) is joined; {@link #start} then refuses. */
  public void close() {
    closed = true;
    for (Worker w : workers) {
      LockSupport.unpark(w.thread);
    }
  }

  /** One worker thread and the task handed to it. */
  public final class Worker implements Runnable {
    private static final AtomicIntegerFieldUpdater<Worker> STATE =
        AtomicIntegerFieldUpdater.newUpdater(Worker.class, "state");

    private volatile int state = CLAIMED;
    private final Thread thread;
    private Runnable task;
    private Thread caller;
    private Throwable failure;

    private Worker() {
      thread = new Thread(this, name + "-" + started.incrementAndGet());
      thread.setDaemon(true);
    }

    private boolean claim() {
      return state == IDLE && STATE.compareAndSet(this, IDLE, CLAIMED);
    }

    private void hand(Runnable task) {
      this.task = task;
      this.caller = Thread.currentThread();
      state = RUNNING; // publishes the fields above to the worker
      LockSupport.unpark(thread);
    }

    /**
     * Waits until the task handed over has finished, frees the worker, and returns the task's
     * failure, or {@code null} if it completed. Waits through interrupts (the task may still be
     * writing the caller's arrays) and restores the interrupt status afterwards.
     */
    public Throwable join() {
      boolean interrupted = false;
      for (int spin = 0; state != DONE; spin++) {
        if (spin < SPINS) {
          Thread.onSpinWait();
        } else {
          LockSupport.park(this);
          if (Thread.interrupted()) {
            interrupted = true;
          }
        }
      }
      Throwable result = failure;
      failure = null;
      task = null;
      caller = null;
      state = IDLE;
      if (closed) {
        LockSupport.unpark(thread); // to end now rather than after its keep-alive
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return result;
    }

    @Override
    public void run() {
      while (true) {
        if (!awaitTask()) {
          return;
        }
        try {
          task.run();
        } catch (Throwable t) { // handed to the caller by join()
          failure = t;
        }
        Thread waiting = caller;
        state = DONE;
        LockSupport.unpark(waiting);
      }
    }

    /** Waits for a task; false when the thread should end (closed, or idle too long). */
    private boolean awaitTask() {
      long deadline = 0;
      for (int spin = 0; state != RUNNING; spin++) {
        if (spin < SPINS) {
          Thread.onSpinWait();
          continue;
        }
        if (closed && STATE.compareAndSet(this, IDLE, ENDED)) {
          return false;
        }
        long now = System.nanoTime();
        if (deadline == 0) {
          deadline = now + keepAliveNanos;
        } else if (now - deadline >= 0 && STATE.compareAndSet(this, IDLE, ENDED)) {
          return false;
        }
        LockSupport.parkNanos(this, Math.max(1, deadline - now));
        Thread.interrupted(); // a stray interrupt must not turn parking into spinning
      }
      return true;
    }
  }
}
