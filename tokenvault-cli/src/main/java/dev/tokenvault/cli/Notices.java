package dev.tokenvault.cli;

import java.io.PrintWriter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Shows what the library logs (through {@code System.Logger}, hence java.util.logging) as short
 * lines on the error stream: {@code warning: ...} for problems it recovered from, and with
 * {@code --verbose} {@code info: ...} for what it did. The library never logs a secret.
 *
 * <p>Installed for one run and removed after it, restoring the handlers it replaced.
 */
final class Notices extends Handler implements AutoCloseable {
  private final PrintWriter err;
  private final Logger root = Logger.getLogger("");
  private final Handler[] replaced;
  private final Level previousLevel;
  private final SimpleFormatter formatter = new SimpleFormatter();

  private Notices(PrintWriter err, boolean verbose) {
    this.err = err;
    this.replaced = root.getHandlers();
    this.previousLevel = root.getLevel();
    for (Handler handler : replaced) {
      root.removeHandler(handler);
    }
    Level level = verbose ? Level.INFO : Level.WARNING;
    root.setLevel(level);
    setLevel(level);
    root.addHandler(this);
  }

  /** Routes the library's log to {@code err} until the returned object is closed. */
  static Notices install(PrintWriter err, boolean verbose) {
    return new Notices(err, verbose);
  }

  @Override
  public void publish(LogRecord record) {
    if (!isLoggable(record)) {
      return;
    }
    String prefix = record.getLevel().intValue() >= Level.SEVERE.intValue() ? "error: "
        : record.getLevel().intValue() >= Level.WARNING.intValue() ? "warning: " : "info: ";
    err.println(prefix + formatter.formatMessage(record));
    err.flush();
  }

  @Override
  public void flush() {
    err.flush();
  }

  /** Removes this handler and puts back the ones it replaced. */
  @Override
  public void close() {
    root.removeHandler(this);
    for (Handler handler : replaced) {
      root.addHandler(handler);
    }
    root.setLevel(previousLevel);
  }
}
