package dev.adjoint.autodiff.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Tasks run on parked daemon threads, failures come back to the caller, no more threads run than
 * asked for, and idle or closed threads end.
 */
class WorkerThreadsTest {
  @Test
  void aTaskRunsOnADaemonWorkerAndJoinWaitsForIt() {
    WorkerThreads threads = WorkerThreads.create("test-run");
    try {
      AtomicReference<Thread> ranOn = new AtomicReference<>();
      int[] result = new int[1];
      WorkerThreads.Worker worker =
          threads.start(
              () -> {
                sleep(50);
                result[0] = 42;
                ranOn.set(Thread.currentThread());
              },
              1);
      assertThat(worker).isNotNull();
      assertThat(worker.join()).isNull();
      assertThat(result[0]).as("written by the task, seen after join").isEqualTo(42);
      assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
      assertThat(ranOn.get().isDaemon()).isTrue();
      assertThat(ranOn.get().getName()).isEqualTo("test-run-1");
    } finally {
      threads.close();
    }
  }

  @Test
  void aFailureIsReturnedToTheCallerAndTheWorkerStaysUsable() {
    WorkerThreads threads = WorkerThreads.create("test-failure");
    try {
      WorkerThreads.Worker worker =
          threads.start(
              () -> {
                throw new IllegalStateException("block 3 failed");
              },
              1);
      assertThat(worker.join())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("block 3 failed");
      WorkerThreads.Worker error =
          threads.start(
              () -> {
                throw new StackOverflowError("deep");
              },
              1);
      assertThat(error).as("the same worker, reused").isSameAs(worker);
      assertThat(error.join()).isInstanceOf(StackOverflowError.class).hasMessage("deep");
      int[] ran = new int[1];
      WorkerThreads.Worker again = threads.start(() -> ran[0]++, 1);
      assertThat(again.join()).isNull();
      assertThat(ran[0]).isEqualTo(1);
      assertThat(threads.alive()).isEqualTo(1);
    } finally {
      threads.close();
    }
  }

  @Test
  void noMoreThreadsStartThanTheLimitAndABusyPoolSaysSo() throws Exception {
    WorkerThreads threads = WorkerThreads.create("test-limit");
    CountDownLatch release = new CountDownLatch(1);
    try {
      Runnable blocked = () -> await(release);
      WorkerThreads.Worker first = threads.start(blocked, 2);
      WorkerThreads.Worker second = threads.start(blocked, 2);
      assertThat(first).isNotNull();
      assertThat(second).isNotNull().isNotSameAs(first);
      assertThat(threads.start(() -> {}, 2)).as("both busy, limit 2").isNull();
      assertThat(threads.alive()).isEqualTo(2);
      release.countDown();
      assertThat(first.join()).isNull();
      assertThat(second.join()).isNull();
      // Free again: reused, not a third thread.
      WorkerThreads.Worker reused = threads.start(() -> {}, 2);
      assertThat(reused).isIn(first, second);
      assertThat(reused.join()).isNull();
      assertThat(threads.alive()).isEqualTo(2);
    } finally {
      release.countDown();
      threads.close();
    }
  }

  @Test
  void closeEndsTheThreadsAndLaterTasksAreRefused() throws Exception {
    WorkerThreads threads = WorkerThreads.create("test-close");
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    WorkerThreads.Worker worker = threads.start(() -> ranOn.set(Thread.currentThread()), 1);
    assertThat(worker.join()).isNull();
    threads.close();
    ranOn.get().join(TimeUnit.SECONDS.toMillis(10));
    assertThat(ranOn.get().isAlive()).as("ended after close").isFalse();
    assertThatThrownBy(() -> threads.start(() -> {}, 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("worker threads test-close are closed");
  }

  @Test
  void anIdleWorkerEndsAfterItsKeepAliveAndIsStartedAgainWhenNeeded() throws Exception {
    WorkerThreads threads = WorkerThreads.create("test-idle", TimeUnit.MILLISECONDS.toNanos(50));
    try {
      AtomicReference<Thread> ranOn = new AtomicReference<>();
      assertThat(threads.start(() -> ranOn.set(Thread.currentThread()), 1).join()).isNull();
      Thread first = ranOn.get();
      first.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(first.isAlive()).as("ended after its keep-alive").isFalse();
      assertThat(threads.alive()).isZero();
      assertThat(threads.start(() -> ranOn.set(Thread.currentThread()), 1).join()).isNull();
      assertThat(ranOn.get()).isNotSameAs(first);
      assertThat(ranOn.get().getName()).isEqualTo("test-idle-2");
      assertThat(threads.alive()).isEqualTo(1);
    } finally {
      threads.close();
    }
  }

  @Test
  void anInterruptedCallerStillWaitsForTheTaskAndKeepsItsInterrupt() {
    WorkerThreads threads = WorkerThreads.create("test-interrupt");
    try {
      int[] written = new int[1];
      WorkerThreads.Worker worker =
          threads.start(
              () -> {
                sleep(100);
                written[0] = 7;
              },
              1);
      Thread.currentThread().interrupt();
      assertThat(worker.join()).isNull();
      assertThat(written[0]).as("join returned only after the task ended").isEqualTo(7);
      assertThat(Thread.interrupted()).as("interrupt status restored").isTrue();
    } finally {
      Thread.interrupted();
      threads.close();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
