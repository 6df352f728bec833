package dev.adjoint.autodiff.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.reflect.ClassPath;
import dev.adjoint.autodiff.Expr;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AssertJ is optional: no production class outside {@code check.assertj} may refer to it, so a user
 * without AssertJ on the class path never loads it.
 */
class AssertjIsolationTest {

  @Test
  void onlyTheAssertjPackageRefersToAssertj() throws IOException {
    List<String> offenders = new ArrayList<>();
    int scanned = 0;
    ClassLoader loader = Expr.class.getClassLoader();
    for (ClassPath.ClassInfo info :
        ClassPath.from(loader).getTopLevelClassesRecursive("dev.adjoint.autodiff")) {
      String resource = info.getResourceName();
      if (!info.url().getPath().contains("/target/classes/")) {
        continue; // test classes
      }
      scanned++;
      try (InputStream in = info.url().openStream()) {
        String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        boolean refersToAssertj = bytes.contains("org/assertj/");
        boolean inAssertjPackage = resource.startsWith("dev/adjoint/autodiff/check/assertj/");
        if (refersToAssertj && !inAssertjPackage) {
          offenders.add(info.getName());
        }
        if (inAssertjPackage && info.getSimpleName().equals("GradientAssert")) {
          assertThat(refersToAssertj).as("the scan sees AssertJ references").isTrue();
        }
      }
    }
    assertThat(scanned).isGreaterThan(40);
    assertThat(offenders).isEmpty();
  }
}
