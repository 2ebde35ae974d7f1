package dev.tokenvault.cli;

/**
 * A failure that the command line itself detects, with what went wrong and what to do about
 * it. Printed as one line; neither part may contain a secret.
 */
final class CliFailure extends Exception {
  private static final long serialVersionUID = 1L;

  private final String hint;

  /** Creates the failure; {@code hint} says what to do, or is empty. */
  CliFailure(String message, String hint) {
    super(message);
    this.hint = hint;
  }

  /** Creates the failure with a cause, shown with {@code --verbose}. */
  CliFailure(String message, String hint, Throwable cause) {
    super(message, cause);
    this.hint = hint;
  }

  /** Returns what to do about the failure, or an empty string. */
  String hint() {
    return hint;
  }
}
