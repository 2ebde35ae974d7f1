package dev.tokenvault.cli;

import dev.tokenvault.DamagedDataException;
import dev.tokenvault.InsecureFileException;
import dev.tokenvault.KeystoreUnavailableException;
import dev.tokenvault.MissingCredentialsException;
import dev.tokenvault.UnknownKeyException;
import dev.tokenvault.UnknownTokenException;
import dev.tokenvault.UnsupportedFormatException;
import dev.tokenvault.VaultException;
import dev.tokenvault.VaultIoException;
import dev.tokenvault.VaultLockedException;
import dev.tokenvault.WrongPasswordException;
import dev.tokenvault.cli.plaintext.PlaintextFormatException;
import java.io.PrintWriter;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failure into the one line a person can act on: what went wrong, then what to do, and
 * with {@code --verbose} the chain of causes below it. Every message here comes from the
 * tokenvault exception family or from this command line, whose messages never hold a secret;
 * an unexpected exception is named by its class and message only.
 */
final class Failures implements IExecutionExceptionHandler {
  private final GlobalOptions options;

  Failures(GlobalOptions options) {
    this.options = options;
  }

  @Override
  public int handleExecutionException(Exception failure, CommandLine command,
      ParseResult parsed) {
    PrintWriter err = command.getErr();
    err.println("error: " + oneLine(failure, options.passwordDescription()));
    if (options.verbose) {
      printCauses(failure, err);
    }
    err.flush();
    return CommandLine.ExitCode.SOFTWARE;
  }

  /** Returns the failure's message and, unless the message already says it, what to do. */
  static String oneLine(Throwable failure, @Nullable String passwordSource) {
    String message = failure instanceof RuntimeException
        ? "unexpected " + failure.getClass().getSimpleName() + ": " + failure.getMessage()
        : String.valueOf(failure.getMessage());
    String hint = hint(failure, passwordSource);
    // Some of the library's messages already say what to do, after a semicolon ("keystore ...
    // does not exist; create one with ..."): those get no second hint.
    boolean saysWhatToDo = message.contains("; ")
        && (failure instanceof KeystoreUnavailableException
            || failure instanceof InsecureFileException
            || failure.getClass() == VaultException.class);
    String line = hint.isEmpty() || saysWhatToDo ? message : message + "; " + hint;
    return line.replace('\n', ' ').replace('\r', ' ');
  }

  private static String hint(Throwable failure, @Nullable String passwordSource) {
    if (failure instanceof CliFailure) {
      return ((CliFailure) failure).hint();
    }
    if (failure instanceof PlaintextFormatException) {
      return "fix the file and run the import again; nothing was imported";
    }
    if (failure instanceof WrongPasswordException) {
      return "check the password" + (passwordSource == null ? "" : " (from the " + passwordSource
          + ")");
    }
    if (failure instanceof KeystoreUnavailableException) {
      return "check --keystore and the password source (--password-file, --password-env)";
    }
    if (failure instanceof VaultLockedException) {
      return "wait for that process to finish, or wait longer with --lock-timeout";
    }
    if (failure instanceof DamagedDataException) {
      return "'tokenvault verify' reports every damaged record; restore the vault from a"
          + " backup";
    }
    if (failure instanceof UnknownTokenException) {
      return "'tokenvault list' shows the ids";
    }
    if (failure instanceof UnknownKeyException) {
      return "use the keystore that sealed this vault (--keystore)";
    }
    if (failure instanceof UnsupportedFormatException) {
      return "use the tokenvault version that wrote it, or a newer one";
    }
    if (failure instanceof InsecureFileException) {
      return "run chmod 600 on it";
    }
    if (failure instanceof VaultIoException) {
      return "check the path, its permissions and the free space";
    }
    if (failure instanceof MissingCredentialsException) {
      return "every token needs an access, refresh or grant token";
    }
    if (failure instanceof RuntimeException) {
      return "this is a bug in tokenvault: run again with --verbose and report what it prints";
    }
    return "";
  }

  /**
   * Prints each cause on its own line, its class and message; a stack trace only for an
   * unexpected exception, which is a bug to report.
   */
  private static void printCauses(Throwable failure, PrintWriter err) {
    if (failure instanceof RuntimeException) {
      err.println("  at " + failure.getClass().getName());
      for (StackTraceElement frame : failure.getStackTrace()) {
        err.println("    at " + frame);
      }
    }
    Throwable cause = failure.getCause();
    int depth = 0;
    while (cause != null && depth++ < 10) {
      err.println("  caused by: " + cause.getClass().getName()
          + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
      cause = cause.getCause() == cause ? null : cause.getCause();
    }
  }
}
