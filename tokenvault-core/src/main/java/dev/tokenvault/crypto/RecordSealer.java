package dev.tokenvault.crypto;

import static java.util.Objects.requireNonNull;

import dev.tokenvault.DamagedDataException;
import dev.tokenvault.TokenField;
import dev.tokenvault.UnknownKeyException;
import dev.tokenvault.UnsupportedFormatException;
import dev.tokenvault.VaultException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals records with AES-256-GCM for one vault, under per-record keys derived from the keys of a
 * {@link KeyRing}, and opens them again.
 *
 * <p>A sealed record is self-describing (byte order big-endian; sizes in bytes):
 *
 * <pre>
 * offset       size  field
 * 0            1     format version, 0x01
 * 1            1     L, length of the key id (1..64)
 * 2            L     key id, ASCII: the keystore alias of the key that sealed the record
 * 2+L          16    salt, random, input of the record key's derivation
 * 18+L         12    nonce, random, the AES-GCM nonce
 * 30+L         n     ciphertext of the n-byte plaintext
 * 30+L+n       16    AES-GCM tag
 * </pre>
 *
 * <p>Derivation, with HKDF-SHA256 (RFC 5869) and K the 32-byte key named by the key id:
 *
 * <pre>
 * PRK        = HKDF-Extract(salt = vault id (16 bytes), IKM = K)
 * record key = HKDF-Expand(PRK, info = "tokenvault v1 record" || 0x00 || salt, 32)
 * AAD        = vault id || bytes 0 .. 30+L of the record || identity
 * </pre>
 *
 * <p>The identity is the caller's description of the record's place (the file vault gives its
 * format version, the frame's kind, sequence number, birth, token id and lookup tags), so a
 * record moved to another vault or position, or altered in any byte, fails to open. Every
 * record has its own key, so the random 96-bit nonce is never used twice under one key, and no
 * key has a practical usage bound.
 *
 * <p>This class also derives, per key and vault, the keys of the lookup tags ({@link
 * #lookupTag}) and of the vault header's MAC ({@link #headerMac}):
 *
 * <pre>
 * lookup key = HKDF-Expand(PRK, "tokenvault v1 lookup", 32)
 * lookup tag = first 16 bytes of HMAC-SHA256(lookup key, field code (1 byte) || UTF-8 value)
 * header key = HKDF-Expand(PRK, "tokenvault v1 header", 32)
 * header MAC = HMAC-SHA256(header key, header bytes)
 * </pre>
 *
 * <p>AES-GCM and HMAC run on the JDK, which uses the processor's AES and SHA instructions; HKDF
 * comes from Bouncy Castle. Instances are safe for use by many threads.
 */
public final class RecordSealer implements AutoCloseable {
  /** The version byte of the records this class writes, and the only one it reads. */
  public static final int FORMAT_VERSION = 1;
  /** Size of a vault id. */
  public static final int VAULT_ID_SIZE_BYTES = 16;
  /** Size of the per-record salt. */
  public static final int SALT_SIZE_BYTES = 16;
  /** Size of the AES-GCM nonce. */
  public static final int NONCE_SIZE_BYTES = 12;
  /** Size of the AES-GCM tag. */
  public static final int TAG_SIZE_BYTES = 16;
  /** Size of a lookup tag. */
  public static final int LOOKUP_TAG_SIZE_BYTES = 16;

  private static final byte[] RECORD_INFO = ascii("tokenvault v1 record\0");
  private static final byte[] LOOKUP_INFO = ascii("tokenvault v1 lookup");
  private static final byte[] HEADER_INFO = ascii("tokenvault v1 header");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(
      () -> newInstance(() -> Cipher.getInstance("AES/GCM/NoPadding")));

  private final KeyRing ring;
  private final byte[] vaultId;
  private final Map<String, VaultKey> keys = new ConcurrentHashMap<>();

  private RecordSealer(KeyRing ring, byte[] vaultId) {
    this.ring = ring;
    this.vaultId = vaultId;
  }

  /**
   * Returns a sealer for the vault {@code vaultId} under the keys of {@code ring}.
   *
   * @throws IllegalArgumentException if {@code vaultId} is not {@value #VAULT_ID_SIZE_BYTES}
   *     bytes
   */
  public static RecordSealer create(KeyRing ring, byte[] vaultId) {
    requireNonNull(ring, "ring");
    requireNonNull(vaultId, "vaultId");
    if (vaultId.length != VAULT_ID_SIZE_BYTES) {
      throw new IllegalArgumentException(
          "vault id is " + vaultId.length + " bytes; expected " + VAULT_ID_SIZE_BYTES);
    }
    return new RecordSealer(ring, vaultId.clone());
  }

  /** Returns the id of the key that {@link #seal} uses: the ring's active key. */
  public String activeKeyId() {
    return ring.activeKeyId();
  }

  /**
   * Seals {@code plaintext} under the active key, bound to {@code identity}.
   *
   * @throws VaultException if the active key cannot be read
   */
  public byte[] seal(byte[] plaintext, byte[] identity) throws VaultException {
    return seal(ring.activeKeyId(), plaintext, identity);
  }

  /**
   * Seals {@code plaintext} under key {@code keyId}, bound to {@code identity}.
   *
   * @throws UnknownKeyException if the ring holds no such key
   */
  public byte[] seal(String keyId, byte[] plaintext, byte[] identity) throws VaultException {
    // One call: each call to the platform's SecureRandom has a fixed cost.
    byte[] random = new byte[SALT_SIZE_BYTES + NONCE_SIZE_BYTES];
    RANDOM.nextBytes(random);
    return insecureSeal(keyId, plaintext, identity, Arrays.copyOf(random, SALT_SIZE_BYTES),
        Arrays.copyOfRange(random, SALT_SIZE_BYTES, random.length));
  }

  /**
   * Seals like {@link #seal(String, byte[], byte[])}, with the given salt and nonce instead of
   * random ones. For known-answer tests only: sealing two plaintexts with one salt and nonce
   * under one key breaks AES-GCM's confidentiality and authenticity.
   */
  byte[] insecureSeal(String keyId, byte[] plaintext, byte[] identity, byte[] salt,
      byte[] nonce) throws VaultException {
    requireNonNull(plaintext, "plaintext");
    requireNonNull(identity, "identity");
    if (salt.length != SALT_SIZE_BYTES || nonce.length != NONCE_SIZE_BYTES) {
      throw new IllegalArgumentException("salt and nonce are " + salt.length + " and "
          + nonce.length + " bytes; expected " + SALT_SIZE_BYTES + " and " + NONCE_SIZE_BYTES);
    }
    VaultKey key = key(keyId);
    byte[] id = ascii(keyId);
    int headerSize = 2 + id.length + SALT_SIZE_BYTES + NONCE_SIZE_BYTES;
    byte[] sealed = new byte[headerSize + plaintext.length + TAG_SIZE_BYTES];
    sealed[0] = FORMAT_VERSION;
    sealed[1] = (byte) id.length;
    System.arraycopy(id, 0, sealed, 2, id.length);
    int saltOffset = 2 + id.length;
    System.arraycopy(salt, 0, sealed, saltOffset, SALT_SIZE_BYTES);
    System.arraycopy(nonce, 0, sealed, saltOffset + SALT_SIZE_BYTES, NONCE_SIZE_BYTES);
    byte[] recordKey = key.recordKey(sealed, saltOffset);
    try {
      Cipher cipher = CIPHER.get();
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(recordKey, "AES"),
          new GCMParameterSpec(TAG_SIZE_BYTES * 8, sealed, saltOffset + SALT_SIZE_BYTES,
              NONCE_SIZE_BYTES));
      updateAad(cipher, sealed, headerSize, identity);
      cipher.doFinal(plaintext, 0, plaintext.length, sealed, headerSize);
      return sealed;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed to seal: " + e.getClass().getName());
    } finally {
      Arrays.fill(recordKey, (byte) 0);
    }
  }

  /**
   * Opens a record sealed by {@link #seal} and returns its plaintext, which the caller zeroes
   * once it has been parsed.
   *
   * @throws DamagedDataException if the record is malformed, or its tag does not verify: it was
   *     altered, or sealed for another vault or identity
   * @throws UnsupportedFormatException if the record has another format version
   * @throws UnknownKeyException if the key that sealed it is not in the keystore, even after
   *     reading the keystore again, or if the record's key id was altered to name a key that
   *     the keystore does not hold: the two cannot be told apart
   */
  public byte[] open(byte[] sealed, byte[] identity) throws VaultException {
    requireNonNull(sealed, "sealed");
    requireNonNull(identity, "identity");
    String keyId = keyIdOf(sealed);
    int headerSize = 2 + sealed[1] + SALT_SIZE_BYTES + NONCE_SIZE_BYTES;
    if (sealed.length < headerSize + TAG_SIZE_BYTES) {
      throw new DamagedDataException("sealed record is " + sealed.length + " bytes; at least "
          + (headerSize + TAG_SIZE_BYTES) + " expected", -1);
    }
    VaultKey key = key(keyId);
    byte[] recordKey = key.recordKey(sealed, 2 + sealed[1]);
    try {
      Cipher cipher = CIPHER.get();
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(recordKey, "AES"),
          new GCMParameterSpec(TAG_SIZE_BYTES * 8, sealed, headerSize - NONCE_SIZE_BYTES,
              NONCE_SIZE_BYTES));
      updateAad(cipher, sealed, headerSize, identity);
      return cipher.doFinal(sealed, headerSize, sealed.length - headerSize);
    } catch (AEADBadTagException e) {
      throw new DamagedDataException("tag mismatch (sealed with key " + keyId + "): the record"
          + " was altered, or moved from another vault or position", -1);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed to open: " + e.getClass().getName());
    } finally {
      Arrays.fill(recordKey, (byte) 0);
    }
  }

  /**
   * Returns the id of the key that sealed {@code sealed}, read from its header.
   *
   * @throws DamagedDataException if the header is truncated or the key id malformed
   * @throws UnsupportedFormatException if the record has another format version
   */
  public static String keyIdOf(byte[] sealed) throws VaultException {
    if (sealed.length < 2) {
      throw new DamagedDataException("sealed record is " + sealed.length + " bytes", -1);
    }
    if (sealed[0] != FORMAT_VERSION) {
      throw new UnsupportedFormatException("sealed record version " + (sealed[0] & 0xff)
          + "; this tokenvault reads version " + FORMAT_VERSION);
    }
    int length = sealed[1] & 0xff;
    if (length == 0 || length > 64 || sealed.length < 2 + length) {
      throw new DamagedDataException("sealed record: key id length " + length + " is not in"
          + " 1..64 or exceeds the record's " + sealed.length + " bytes", -1);
    }
    for (int i = 2; i < 2 + length; i++) {
      if (sealed[i] < 0x21 || sealed[i] > 0x7e) {
        throw new DamagedDataException("sealed record: key id is not printable ASCII", -1);
      }
    }
    return new String(sealed, 2, length, StandardCharsets.US_ASCII);
  }

  /**
   * Returns the lookup tag of {@code value} in {@code field} under key {@code keyId}: a keyed
   * hash that lets an index find records by a secret value without holding the value.
   *
   * @throws UnknownKeyException if the ring holds no such key
   */
  public byte[] lookupTag(String keyId, TokenField field, String value) throws VaultException {
    requireNonNull(field, "field");
    requireNonNull(value, "value");
    Mac mac = key(keyId).lookupMac.get();
    mac.update((byte) field.ordinal());
    mac.update(value.getBytes(StandardCharsets.UTF_8));
    return Arrays.copyOf(mac.doFinal(), LOOKUP_TAG_SIZE_BYTES);
  }

  /**
   * Returns the 32-byte MAC of a vault header under key {@code keyId}.
   *
   * @throws UnknownKeyException if the ring holds no such key
   */
  public byte[] headerMac(String keyId, byte[] header, int offset, int length)
      throws VaultException {
    Mac mac = key(keyId).headerMac.get();
    mac.update(header, offset, length);
    return mac.doFinal();
  }

  /** Zeroes every key derived for this vault. The key ring stays open. */
  @Override
  public void close() {
    for (VaultKey key : keys.values()) {
      key.wipe();
    }
    keys.clear();
  }

  private VaultKey key(String keyId) throws VaultException {
    VaultKey key = keys.get(keyId);
    if (key != null) {
      return key;
    }
    if (!ring.contains(keyId)) {
      ring.refreshIfChanged();
    }
    if (!ring.contains(keyId)) {
      throw new UnknownKeyException(keyId, "key " + keyId + " is not in keystore "
          + ring.path() + " (was it retired while records still used it?)");
    }
    return keys.computeIfAbsent(keyId, this::derive);
  }

  private VaultKey derive(String keyId) {
    byte[] material;
    try {
      material = ring.keyMaterial(keyId);
    } catch (UnknownKeyException e) {
      throw new IllegalStateException("key " + keyId + " vanished from the ring", e);
    }
    try {
      return new VaultKey(Hkdf.extract(vaultId, material));
    } finally {
      Arrays.fill(material, (byte) 0);
    }
  }

  private void updateAad(Cipher cipher, byte[] sealed, int headerSize, byte[] identity) {
    cipher.updateAAD(vaultId);
    cipher.updateAAD(sealed, 0, headerSize);
    cipher.updateAAD(identity);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** Creates a JCA object whose algorithm every JDK must provide. */
  private static <T> T newInstance(JcaFactory<T> factory) {
    try {
      return factory.create();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks a required algorithm: " + e.getMessage());
    }
  }

  @FunctionalInterface
  private interface JcaFactory<T> {
    T create() throws GeneralSecurityException;
  }

  /** The keys derived from one key of the ring for this vault. */
  private static final class VaultKey {
    private final byte[] prk;
    private final byte[] lookupKey;
    private final byte[] headerKey;
    final ThreadLocal<Mac> lookupMac;
    final ThreadLocal<Mac> headerMac;

    VaultKey(byte[] prk) {
      this.prk = prk;
      this.lookupKey = Hkdf.expand(prk, LOOKUP_INFO, 32);
      this.headerKey = Hkdf.expand(prk, HEADER_INFO, 32);
      this.lookupMac = ThreadLocal.withInitial(() -> hmac(lookupKey));
      this.headerMac = ThreadLocal.withInitial(() -> hmac(headerKey));
    }

    /** Derives the record key from the salt at {@code saltOffset} of {@code sealed}. */
    byte[] recordKey(byte[] sealed, int saltOffset) {
      byte[] info = Arrays.copyOf(RECORD_INFO, RECORD_INFO.length + SALT_SIZE_BYTES);
      System.arraycopy(sealed, saltOffset, info, RECORD_INFO.length, SALT_SIZE_BYTES);
      return Hkdf.expand(prk, info, 32);
    }

    void wipe() {
      Arrays.fill(prk, (byte) 0);
      Arrays.fill(lookupKey, (byte) 0);
      Arrays.fill(headerKey, (byte) 0);
    }

    private static Mac hmac(byte[] key) {
      Mac mac = newInstance(() -> Mac.getInstance("HmacSHA256"));
      try {
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
      } catch (java.security.InvalidKeyException e) {
        throw new IllegalStateException("HMAC rejected a 32-byte key");
      }
      return mac;
    }
  }
}
