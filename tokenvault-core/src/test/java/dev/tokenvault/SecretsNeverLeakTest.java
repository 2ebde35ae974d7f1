package dev.tokenvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.crypto.PasswordSource;
import dev.tokenvault.crypto.Passwords;
import dev.tokenvault.file.FileTokenStore;
import dev.tokenvault.file.VerifyReport;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Key;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import javax.crypto.spec.PBEParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provokes every failure of the key ring and the file vault that a caller can meet, and checks
 * that no secret appears in what a user or a log file gets to see: exception messages, causes,
 * suppressed exceptions and stack traces; every log record, DEBUG included; {@code toString}s;
 * verification reports. The secrets are the keystore password, every secret token field, and
 * the key bytes in hex and base64. Secrets are random, and any 12-character piece of one, or of
 * its UTF-8 bytes in hex, counts as a leak, so that a truncated or hex-dumped quotation is caught
 * too.
 */
final class SecretsNeverLeakTest {
  /** A piece of a secret this long found anywhere is a leak; random text never matches it. */
  private static final int WINDOW = 12;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  @TempDir Path dir;

  private final Map<String, String> secrets = new LinkedHashMap<>();
  private final List<String> seen = new ArrayList<>();
  private LogCapture logs;
  private String password;
  private Path keystore;
  private Path vault;
  private KeyRing ring;
  private Token alice;
  private Token bob;

  @BeforeEach
  void setUp() throws Exception {
    logs = LogCapture.start();
    password = secret("password", "Pw-");
    keystore = dir.resolve("keys.p12");
    vault = dir.resolve("tokens.vault");
    alice = token("alice");
    bob = token("bob");
    ring = KeyRing.builder(keystore).password(Passwords.of(password.toCharArray()))
        .iterations(TestKeys.ITERATIONS).create();
    rememberKeyBytes("tv-1");
  }

  @AfterEach
  void tearDown() {
    if (ring != null) {
      ring.close();
    }
    logs.close();
  }

  // ---------------------------------------------------------------------------------------
  // The key ring

  @Test
  void keyRingFailures_revealNoSecret() throws Exception {
    ring.addKey();
    rememberKeyBytes("tv-2");
    seen.add(ring.toString());
    ring.keys().forEach(k -> seen.add(k.toString()));

    failure(WrongPasswordException.class, () -> open(keystore, "Wrong-" + password));
    failure(WrongPasswordException.class, () -> open(keystore, password.substring(1)));
    failure(KeystoreUnavailableException.class, () -> open(dir.resolve("absent.p12"), password));
    failure(UnknownKeyException.class, () -> ring.removeKey("tv-9"));
    failure(IllegalArgumentException.class, () -> ring.removeKey("tv-2"));

    Path passwordAsKeystore = write("password.txt", password + "\n");
    failure(KeystoreUnavailableException.class, () -> open(passwordAsKeystore, password));
    Path csvAsKeystore = write("sdk_tokens.txt", csv(alice, bob));
    failure(KeystoreUnavailableException.class, () -> open(csvAsKeystore, password));

    Path ownKeyPassword = dir.resolve("own-key-password.p12");
    writeKeystore(ownKeyPassword, "tv-1", 32, secret("key password", "Kp-"));
    failure(WrongPasswordException.class, () -> open(ownKeyPassword, password));
    Path aes128 = dir.resolve("aes128.p12");
    writeKeystore(aes128, "tv-1", 16, password);
    failure(KeystoreUnavailableException.class, () -> open(aes128, password));

    assertNothingLeaked();
  }

  @Test
  void passwordSourceFailures_revealNoSecret() throws Exception {
    Path badUtf8 = dir.resolve("bad-utf8.txt");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(password.getBytes(StandardCharsets.UTF_8));
    bytes.write(0xC3);
    bytes.write(0x28);
    bytes.writeBytes(password.getBytes(StandardCharsets.UTF_8));
    Files.write(badUtf8, bytes.toByteArray());
    Files.setPosixFilePermissions(badUtf8, PosixFilePermissions.fromString("rw-------"));
    failure(KeystoreUnavailableException.class, () -> Passwords.fromFile(badUtf8).password());

    Path exposed = write("exposed-password.txt", password + "\n");
    Files.setPosixFilePermissions(exposed, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(Passwords.fromFile(exposed).password()).containsExactly(password.toCharArray());
    failure(KeystoreUnavailableException.class,
        () -> Passwords.fromEnvironment("TOKENVAULT_TEST_UNSET_VARIABLE").password());

    PasswordSource held = Passwords.of(password.toCharArray());
    seen.add(held.toString());
    seen.add(held.description());
    seen.add(Passwords.fromFile(exposed).description());
    held.close();
    failure(IllegalStateException.class, held::password);

    assertThat(logs.messagesAt(Level.WARNING)).isNotEmpty();
    assertNothingLeaked();
  }

  // ---------------------------------------------------------------------------------------
  // The vault

  @Test
  void contractFailures_revealNoSecret() throws Exception {
    FileTokenStore store = FileTokenStore.builder(vault, ring).create();
    try {
      Token saved = store.save(alice);
      seen.add(saved.toString());
      seen.add(store.toString());
      seen.add(store.stats().toString());
      seen.add(Lookup.forFind(alice).toString());
      seen.add(Lookup.forFind(Token.builder().accessToken(alice.accessToken()).build())
          .toString());

      failure(UnknownTokenException.class, () -> store.findById("404"));
      failure(UnknownTokenException.class, () -> store.delete("404"));
      failure(MissingCredentialsException.class, () -> store.save(Token.builder()
          .userName(bob.userName()).clientId(bob.clientId()).clientSecret(bob.clientSecret())
          .build()));
      failure(MissingCredentialsException.class, () -> store.save(Token.builder().id("77")
          .clientId(bob.clientId()).clientSecret(bob.clientSecret()).build()));
      failure(IllegalArgumentException.class, () -> Token.builder()
          .refreshToken(bob.refreshToken() + "\uD800" + bob.refreshToken()));
      failure(IllegalArgumentException.class, () -> store.save(Token.builder().id("big")
          .accessToken(bob.accessToken().repeat(TokenDocument.MAX_SIZE_BYTES / 20)).build()));
      store.close();
      failure(IllegalStateException.class, () -> store.findById(saved.id()));
    } finally {
      store.close();
    }
    assertNothingLeaked();
  }

  @Test
  void malformedTokenDocuments_revealNoSecret() {
    String access = alice.accessToken();
    List<String> documents = List.of(
        "{\"v\":1,\"access_token\":\"" + access,
        "{\"v\":1,\"access_token\":" + access + "}",
        "{\"v\":1,\"access_token\":\"" + access + "\" " + access + "}",
        "{\"v\":1,\"" + access + "\":\"x\"}",
        "{\"v\":1,\"access_token\":[\"" + access + "\"]}",
        "{\"v\":2,\"access_token\":\"" + access + "\"}",
        "{\"access_token\":\"" + access + "\"}",
        "{\"v\":1,\"access_token\":\"" + access + "\"}" + access,
        access);
    for (String document : documents) {
      failure(VaultException.class,
          () -> TokenDocument.fromJson(document.getBytes(StandardCharsets.UTF_8)));
    }
    byte[] badUtf8 = ("{\"v\":1,\"access_token\":\"" + access + "\u00ff" + access + "\"}")
        .getBytes(StandardCharsets.ISO_8859_1);
    failure(DamagedDataException.class, () -> TokenDocument.fromJson(badUtf8));
    assertNothingLeaked();
  }

  @Test
  void damagedRecord_revealsNoSecret() throws Exception {
    List<String> ids = fillVault();
    byte[] file = Files.readAllBytes(vault);
    List<Integer> frames = frameOffsets(file);
    flipTagByte(file, frames.get(frames.size() - 1));  // the last frame: alice's update
    Files.write(vault, file);

    try (FileTokenStore store = FileTokenStore.builder(vault, ring).open()) {
      failure(DamagedDataException.class, () -> store.findById(ids.get(0)));
      failure(DamagedDataException.class, store::list);
      VerifyReport report = store.verify();
      assertThat(report.ok()).isFalse();
      seen.addAll(report.problems());
      seen.add(report.recordsPerKey().toString());
    }
    assertNothingLeaked();
  }

  @Test
  void damagedVaultFile_revealsNoSecret() throws Exception {
    fillVault();
    byte[] good = Files.readAllBytes(vault);
    List<Integer> frames = frameOffsets(good);

    byte[] middle = good.clone();
    middle[frames.get(0) + 20] ^= 0x40;
    Files.write(vault, middle);
    failure(DamagedDataException.class, () -> FileTokenStore.builder(vault, ring).open());

    byte[] headerCrc = good.clone();
    headerCrc[20] ^= 1;
    Files.write(vault, headerCrc);
    failure(DamagedDataException.class, () -> FileTokenStore.builder(vault, ring).open());

    byte[] headerMac = good.clone();
    headerMac[45] ^= 1;
    fixHeaderCrc(headerMac);
    Files.write(vault, headerMac);
    failure(DamagedDataException.class, () -> FileTokenStore.builder(vault, ring).open());

    Files.write(vault, Arrays.copyOf(good, 30));
    failure(DamagedDataException.class, () -> FileTokenStore.builder(vault, ring).open());

    Files.write(vault, csv(alice, bob).getBytes(StandardCharsets.UTF_8));
    failure(DamagedDataException.class, () -> FileTokenStore.builder(vault, ring).open());

    Path passwordAsVault = write("password.txt", password + "\n");
    failure(DamagedDataException.class,
        () -> FileTokenStore.builder(passwordAsVault, ring).open());

    assertNothingLeaked();
  }

  @Test
  void tornTail_isCutWithAWarningThatRevealsNoSecret() throws Exception {
    List<String> ids = fillVault();
    byte[] good = Files.readAllBytes(vault);
    List<Integer> frames = frameOffsets(good);
    int last = frames.get(frames.size() - 1);
    byte[] torn = Arrays.copyOf(good, good.length + (good.length - last) / 2);
    System.arraycopy(good, last, torn, good.length, torn.length - good.length);
    Files.write(vault, torn);

    try (FileTokenStore store = FileTokenStore.builder(vault, ring).open()) {
      assertThat(store.findById(ids.get(0)).accessToken()).isEqualTo(alice.accessToken());
    }
    assertThat(logs.messagesAt(Level.WARNING))
        .anySatisfy(m -> assertThat(m).contains("torn tail"));
    assertNothingLeaked();
  }

  @Test
  void vaultUnderOtherKeys_revealsNoSecret() throws Exception {
    fillVault();

    Path otherKeystore = dir.resolve("other.p12");
    try (KeyRing other = KeyRing.builder(otherKeystore).password(Passwords.of(
        password.toCharArray())).iterations(TestKeys.ITERATIONS).create()) {
      failure(DamagedDataException.class, () -> FileTokenStore.builder(vault, other).open());
    }

    Path renamedKeystore = dir.resolve("renamed.p12");
    writeKeystore(renamedKeystore, "other", 32, password);
    try (KeyRing renamed = open(renamedKeystore, password)) {
      failure(UnknownKeyException.class, () -> FileTokenStore.builder(vault, renamed).open());
    }
    assertNothingLeaked();
  }

  @Test
  void rotation_logsNoSecret() throws Exception {
    List<String> ids = fillVault();
    ring.addKey();
    rememberKeyBytes("tv-2");
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).open()) {
      store.reseal(1, (done, total) -> seen.add(done + "/" + total));
      assertThat(store.retireUnusedKeys()).containsExactly("tv-1");
      assertThat(store.findById(ids.get(0)).refreshToken()).isEqualTo(alice.refreshToken());
      seen.add(store.stats().toString());
    }
    assertThat(logs.everything()).isNotEmpty();
    assertNothingLeaked();
  }

  @Test
  void filesOnDisk_holdNoPlaintextSecret() throws Exception {
    List<String> ids = fillVault();
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).open()) {
      store.delete(ids.get(1));
      store.compact();
    }

    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.toList();
    }
    assertThat(files).extracting(p -> p.getFileName().toString())
        .contains("keys.p12", "keys.p12.lock", "tokens.vault", "tokens.vault.lock");
    for (Path file : files) {
      String contents = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      seen.add(contents);
    }
    assertNothingLeaked();
  }

  @Test
  void leakCheck_findsAPieceOfASecret() {
    seen.add("a message that quotes \"" + alice.refreshToken().substring(3, 3 + WINDOW) + "\"");

    assertThatThrownBy(this::assertNothingLeaked).isInstanceOf(AssertionError.class)
        .hasMessageContaining("refresh_token of alice");
  }

  @Test
  void leakCheck_findsKeyBytesInUpperCaseHex() {
    String hex = secrets.get("key tv-1 (hex)").toUpperCase(Locale.ROOT);
    seen.add("key: " + hex);

    assertThatThrownBy(this::assertNothingLeaked).isInstanceOf(AssertionError.class)
        .hasMessageContaining("key tv-1 (hex)");
  }

  // ---------------------------------------------------------------------------------------
  // Helpers

  /** Runs {@code action}, which must throw {@code type}, and keeps the whole stack trace. */
  private <T extends Throwable> T failure(Class<T> type, Executable action) {
    T thrown = assertThrows(type, action);
    seen.add(LogCapture.stackTrace(thrown));
    seen.add(String.valueOf(thrown.getLocalizedMessage()));
    return thrown;
  }

  /**
   * Fails if any 12-character piece of any secret, or of the hex of a key in upper case, is in
   * what was seen or logged. The failure names the secret, never its value.
   */
  private void assertNothingLeaked() {
    List<String> texts = new ArrayList<>(seen);
    texts.addAll(logs.everything());
    assertThat(texts).as("texts to search").isNotEmpty();
    for (Map.Entry<String, String> secret : secrets.entrySet()) {
      for (String form : List.of(secret.getValue(),
          secret.getValue().toUpperCase(Locale.ROOT))) {
        for (int i = 0; i + WINDOW <= form.length(); i++) {
          String piece = form.substring(i, i + WINDOW);
          for (String text : texts) {
            if (text.contains(piece)) {
              throw new AssertionError("a piece of the " + secret.getKey() + " (at " + i
                  + ") appears in: " + text);
            }
          }
        }
      }
    }
  }

  private String secret(String label, String prefix) {
    StringBuilder value = new StringBuilder(prefix);
    for (int i = 0; i < 32; i++) {
      value.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    secrets.put(label, value.toString());
    secrets.put(label + " (UTF-8 in hex)",
        HexFormat.of().formatHex(value.toString().getBytes(StandardCharsets.UTF_8)));
    return value.toString();
  }

  private Token token(String who) {
    return Token.builder()
        .userName(secret("user_name of " + who, "") + "@example.com:7001")
        .clientId(secret("client_id of " + who, "1000."))
        .clientSecret(secret("client_secret of " + who, ""))
        .refreshToken(secret("refresh_token of " + who, "1000."))
        .accessToken(secret("access_token of " + who, "1000."))
        .grantToken(secret("grant_token of " + who, "1000."))
        .expiryTime("1767225600000")
        .redirectUrl("https://example.com/oauth/callback")
        .apiDomain("https://www.zohoapis.com")
        .build();
  }

  /** Saves alice and bob, then updates alice, and returns their ids. */
  private List<String> fillVault() throws Exception {
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).openOrCreate()) {
      String aliceId = store.save(alice).id();
      String bobId = store.save(bob).id();
      store.save(Token.builder().id(aliceId).expiryTime("1767229200000").build());
      return List.of(aliceId, bobId);
    }
  }

  private void rememberKeyBytes(String alias) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(keystore)) {
      store.load(in, password.toCharArray());
    }
    Key key = store.getKey(alias, password.toCharArray());
    byte[] material = key.getEncoded();
    assertThat(material).hasSize(32);
    secrets.put("key " + alias + " (hex)", HexFormat.of().formatHex(material));
    secrets.put("key " + alias + " (base64)", Base64.getEncoder().encodeToString(material));
    secrets.put("key " + alias + " (base64url)",
        Base64.getUrlEncoder().withoutPadding().encodeToString(material));
  }

  private static KeyRing open(Path path, String password) throws VaultException {
    return KeyRing.builder(path).password(Passwords.of(password.toCharArray())).open();
  }

  /** Writes an owner-only file, so that only the exposures a test makes on purpose warn. */
  private Path write(String name, String contents) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, contents);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  /** Writes a keystore holding one random AES key whose entry password is {@code keyPassword}. */
  private void writeKeystore(Path path, String alias, int sizeBytes, String keyPassword)
      throws Exception {
    byte[] material = new byte[sizeBytes];
    RANDOM.nextBytes(material);
    secrets.put("key of " + path.getFileName() + " (hex)", HexFormat.of().formatHex(material));
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setEntry(alias, new KeyStore.SecretKeyEntry(new SecretKeySpec(material, "AES")),
        new KeyStore.PasswordProtection(keyPassword.toCharArray(), "PBEWithHmacSHA256AndAES_256",
            new PBEParameterSpec(new byte[16], TestKeys.ITERATIONS)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    store.store(out, password.toCharArray());
    Files.write(path, out.toByteArray());
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
  }

  /** Returns the tokens in the layout of the Zoho SDK's CSV token file. */
  private static String csv(Token... tokens) {
    StringBuilder text = new StringBuilder("id,user_name,client_id,client_secret,refresh_token,"
        + "access_token,grant_token,expiry_time,redirect_url,api_domain\n");
    int id = 1;
    for (Token token : tokens) {
      text.append(id++);
      for (TokenField field : TokenField.values()) {
        if (field != TokenField.ID) {
          text.append(',').append(token.has(field) ? token.get(field) : "");
        }
      }
      text.append('\n');
    }
    return text.toString();
  }

  /** Returns the offset of each frame: the header size is at offset 10, a frame is 16 + B. */
  private static List<Integer> frameOffsets(byte[] file) {
    ByteBuffer bytes = ByteBuffer.wrap(file);
    List<Integer> offsets = new ArrayList<>();
    int at = bytes.getShort(10) & 0xffff;
    while (at < file.length) {
      offsets.add(at);
      at += 16 + bytes.getInt(at + 4);
    }
    assertThat(at).as("frames end at the end of the file").isEqualTo(file.length);
    return offsets;
  }

  /**
   * Flips the last byte of a frame's body, the last byte of its AES-GCM tag, and recomputes the
   * frame's CRC, so that only the authentication tag can tell.
   */
  private static void flipTagByte(byte[] file, int frameAt) {
    ByteBuffer bytes = ByteBuffer.wrap(file);
    int bodySize = bytes.getInt(frameAt + 4);
    int end = frameAt + 12 + bodySize;
    file[end - 1] ^= 1;
    CRC32C crc = new CRC32C();
    crc.update(file, frameAt, 12 + bodySize);
    bytes.putInt(end, (int) crc.getValue());
  }

  /** Recomputes the header's CRC, its last 4 bytes, so that only its MAC can tell a change. */
  private static void fixHeaderCrc(byte[] file) {
    ByteBuffer bytes = ByteBuffer.wrap(file);
    int size = bytes.getShort(10) & 0xffff;
    CRC32C crc = new CRC32C();
    crc.update(file, 0, size - 4);
    bytes.putInt(size - 4, (int) crc.getValue());
  }
}
