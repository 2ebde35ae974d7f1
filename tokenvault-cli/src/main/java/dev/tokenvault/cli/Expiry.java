package dev.tokenvault.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Shows an expiry time, stored as epoch milliseconds in text, as a date in the local time zone
 * and as the time left: {@code 2026-12-03 15:00 UTC (in 37 min)}, or {@code (expired)}.
 */
final class Expiry {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT);

  private Expiry() {}

  /** Returns the instant {@code millis} stands for, or null if it is absent or not a number. */
  static @Nullable Instant parse(@Nullable String millis) {
    if (millis == null) {
      return null;
    }
    try {
      return Instant.ofEpochMilli(Long.parseLong(millis));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Returns the date and the time left, {@code -} if absent, {@code ?} if not a number. */
  static String describe(@Nullable String millis, Instant now, ZoneId zone) {
    if (millis == null) {
      return Mask.ABSENT;
    }
    Instant expiry = parse(millis);
    if (expiry == null) {
      return "?";
    }
    return date(expiry, zone) + " (" + left(expiry, now) + ")";
  }

  /** Returns {@code instant} as a date and time in {@code zone}, to the minute. */
  static String date(Instant instant, ZoneId zone) {
    return DATE.format(instant.atZone(zone));
  }

  /** Returns {@code expired}, or {@code in 37 min}, {@code in 5 h} or {@code in 12 days}. */
  static String left(Instant expiry, Instant now) {
    if (!expiry.isAfter(now)) {
      return "expired";
    }
    Duration left = Duration.between(now, expiry);
    if (left.toMinutes() < 1) {
      return "in <1 min";
    }
    if (left.toMinutes() < 120) {
      return "in " + left.toMinutes() + " min";
    }
    if (left.toHours() < 48) {
      return "in " + left.toHours() + " h";
    }
    return "in " + left.toDays() + " days";
  }
}
