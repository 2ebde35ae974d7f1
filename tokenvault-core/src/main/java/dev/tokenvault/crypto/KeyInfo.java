package dev.tokenvault.crypto;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * What may be shown of one key of a key ring: its id, when it was created, and whether it is
 * the active key that seals new records. Never the key material.
 */
public final class KeyInfo {
  private final String id;
  private final Instant created;
  private final boolean active;

  KeyInfo(String id, Instant created, boolean active) {
    this.id = requireNonNull(id, "id");
    this.created = requireNonNull(created, "created");
    this.active = active;
  }

  /** Returns the key id: the keystore alias, also written into every record it seals. */
  public String id() {
    return id;
  }

  /** Returns when the key was added to the keystore, as the keystore records it. */
  public Instant created() {
    return created;
  }

  /** Returns whether this is the active key, the one that seals new records. */
  public boolean isActive() {
    return active;
  }

  @Override
  public String toString() {
    return "KeyInfo{" + id + ", created " + created + (active ? ", active}" : "}");
  }
}
