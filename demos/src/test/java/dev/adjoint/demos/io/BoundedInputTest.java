package dev.adjoint.demos.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedInputTest {

  /** An endless stream of zeros, like /dev/zero. */
  private static InputStream endless() {
    return new InputStream() {
      @Override
      public int read() {
        return 0;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        java.util.Arrays.fill(b, off, off + len, (byte) 0);
        return len;
      }
    };
  }

  @Test
  void anEndlessStreamIsRefusedAfterTheLimit() {
    assertThatThrownBy(() -> BoundedInput.read(endless(), "the value of x"))
        .isInstanceOf(InputException.class)
        .hasMessage("the value of x is larger than 64 MiB, the most Adjoint reads");
  }

  @Test
  void textUpToTheLimitIsRead() throws Exception {
    byte[] text = "[1, 2, 3] σ".getBytes(StandardCharsets.UTF_8);
    assertThat(BoundedInput.read(new ByteArrayInputStream(text), "v")).isEqualTo("[1, 2, 3] σ");
  }

  @Test
  void bytesThatAreNotUtf8AreRefused() {
    byte[] latin1 = {'[', (byte) 0xe9, ']'};
    assertThatThrownBy(() -> BoundedInput.read(new ByteArrayInputStream(latin1), "v"))
        .isInstanceOf(InputException.class)
        .hasMessage("v is not UTF-8 text");
  }

  @Test
  void foldersAndMissingFilesAreNamed(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> BoundedInput.read(dir, "the value of x (--at)"))
        .hasMessageEndingWith("for the value of x (--at): it is a folder");
    assertThatThrownBy(() -> BoundedInput.read(dir.resolve("none.json"), "w"))
        .hasMessageEndingWith("for w: no such file");
    Path file = Files.writeString(dir.resolve("v.json"), "[1]");
    assertThat(BoundedInput.read(file, "w")).isEqualTo("[1]");
  }
}
