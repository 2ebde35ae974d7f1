package dev.tokenvault.cli;

import dev.tokenvault.crypto.KeyRing;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code --key-iterations} option of the commands that add a key: init and rotate. */
final class KeyIterations {
  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  private int iterations = KeyRing.DEFAULT_ITERATIONS;

  /** Sets the count, rejecting one below the minimum as a usage error. */
  @Option(names = "--key-iterations", paramLabel = "N",
      description = "PBKDF2-HMAC-SHA256 iterations protecting a new key in the keystore."
          + " Default: " + KeyRing.DEFAULT_ITERATIONS + " (OWASP 2023); at least "
          + KeyRing.MIN_ITERATIONS + ". Each command reads each key once at this cost.")
  void setIterations(int iterations) {
    if (iterations < KeyRing.MIN_ITERATIONS) {
      throw new ParameterException(spec.commandLine(), "--key-iterations " + iterations
          + " is below the minimum of " + KeyRing.MIN_ITERATIONS);
    }
    this.iterations = iterations;
  }

  int get() {
    return iterations;
  }
}
