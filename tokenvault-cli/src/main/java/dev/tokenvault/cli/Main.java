package dev.tokenvault.cli;

/** The entry point of the {@code tokenvault} command. */
public final class Main {
  private Main() {}

  /** Runs the command line {@code args} and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(TokenVaultCommand.run(CliEnvironment.system(), args));
  }
}
