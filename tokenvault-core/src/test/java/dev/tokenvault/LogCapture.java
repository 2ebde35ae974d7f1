package dev.tokenvault;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures every log record of the JVM while open, through a handler on the root
 * {@code java.util.logging} logger: the library logs through {@link System.Logger}, which goes
 * to {@code java.util.logging} when no other backend is installed. Opening lowers the root level
 * to {@link Level#ALL}, so that DEBUG records are captured too, and raises the root's other
 * handlers (the console) to the old root level, so that they show what they showed before;
 * closing restores every level.
 */
public final class LogCapture implements AutoCloseable {
  private static final SimpleFormatter FORMATTER = new SimpleFormatter();

  private final Logger root = Logger.getLogger("");
  private final Level previousLevel = root.getLevel();
  private final Map<Handler, Level> otherHandlers = new HashMap<>();
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private LogCapture() {
    Level shown = previousLevel == null ? Level.INFO : previousLevel;
    for (Handler other : root.getHandlers()) {
      otherHandlers.put(other, other.getLevel());
      if (other.getLevel().intValue() < shown.intValue()) {
        other.setLevel(shown);
      }
    }
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    root.setLevel(Level.ALL);
  }

  /** Starts capturing. */
  public static LogCapture start() {
    return new LogCapture();
  }

  /** Returns the formatted messages captured so far at {@code level} exactly. */
  public List<String> messagesAt(Level level) {
    List<String> messages = new ArrayList<>();
    for (LogRecord record : records) {
      if (record.getLevel().equals(level)) {
        messages.add(FORMATTER.formatMessage(record));
      }
    }
    return messages;
  }

  /**
   * Returns everything captured so far, one string a record: the logger name, the level, the
   * formatted message, the raw parameters and the stack trace of any throwable.
   */
  public List<String> everything() {
    List<String> all = new ArrayList<>();
    for (LogRecord record : records) {
      StringBuilder text = new StringBuilder()
          .append(record.getLoggerName()).append(' ').append(record.getLevel()).append(": ")
          .append(FORMATTER.formatMessage(record));
      Object[] parameters = record.getParameters();
      if (parameters != null) {
        for (Object parameter : parameters) {
          text.append(" | ").append(parameter);
        }
      }
      if (record.getThrown() != null) {
        text.append('\n').append(stackTrace(record.getThrown()));
      }
      all.add(text.toString());
    }
    return all;
  }

  /** Returns the full stack trace of {@code thrown}, with its causes and suppressed ones. */
  public static String stackTrace(Throwable thrown) {
    StringWriter out = new StringWriter();
    thrown.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  @Override
  public void close() {
    root.removeHandler(handler);
    root.setLevel(previousLevel);
    otherHandlers.forEach(Handler::setLevel);
  }
}
