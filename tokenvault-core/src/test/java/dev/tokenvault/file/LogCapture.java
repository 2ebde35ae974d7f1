package dev.tokenvault.file;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Collects what one class logs, through {@code java.util.logging}, which backs {@link
 * System.Logger} when no other logging framework is installed (the case in these tests).
 */
final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final List<LogRecord> records = new ArrayList<>();
  private final SimpleFormatter formatter = new SimpleFormatter();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      synchronized (records) {
        records.add(record);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private LogCapture(Logger logger) {
    this.logger = logger;
    logger.addHandler(handler);
  }

  /** Starts collecting the records that {@code source} logs. */
  static LogCapture of(Class<?> source) {
    return new LogCapture(Logger.getLogger(source.getName()));
  }

  /** Returns the formatted messages logged at {@code level} so far. */
  List<String> messages(Level level) {
    List<String> messages = new ArrayList<>();
    synchronized (records) {
      for (LogRecord record : records) {
        if (record.getLevel().equals(level)) {
          messages.add(formatter.formatMessage(record));
        }
      }
    }
    return messages;
  }

  /** Forgets the records collected so far. */
  void clear() {
    synchronized (records) {
      records.clear();
    }
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
  }
}
