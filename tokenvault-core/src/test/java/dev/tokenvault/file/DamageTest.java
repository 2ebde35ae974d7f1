package dev.tokenvault.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tokenvault.DamagedDataException;
import dev.tokenvault.LogCapture;
import dev.tokenvault.TestKeys;
import dev.tokenvault.Token;
import dev.tokenvault.UnsupportedFormatException;
import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damages a small vault at every byte, and cuts it at every length of its last frame and at
 * chosen lengths elsewhere, then opens it.
 *
 * <p>The vault holds a header and six frames: three inserts, an update, a delete and a last
 * insert. The rule under test: a bad last frame is a torn tail, cut with a WARNING and kept in a
 * side file, and the vault opens with every earlier record; damage anywhere else fails the open
 * with an exception that names the offset, and leaves every file as it was. Whatever opens holds
 * exactly what was saved.
 */
final class DamageTest {
  private static final String USER_A = "alice@example.com:1";

  @TempDir Path dir;
  private KeyRing ring;
  private Path vault;
  private byte[] original;
  /** Where each frame ends; element 0 is the end of the header. */
  private final List<Long> frameEnds = new ArrayList<>();
  /** What the vault holds after each number of frames, by id. */
  private final List<Map<String, Token>> states = new ArrayList<>();

  @BeforeEach
  void buildVault() throws Exception {
    ring = TestKeys.create(dir.resolve("keys.p12"));
    vault = dir.resolve("vault").resolve("tokens.vault");
    Map<String, Token> model = new TreeMap<>();
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).create()) {
      record(model);
      insert(store, model, token(USER_A, "at-a"));
      insert(store, model, token("bob@example.com:1", "at-b"));
      insert(store, model, token("carol@example.com:1", "at-c"));
      Token update = Token.builder().id("1").accessToken("at-a-2").expiryTime("1700000000000")
          .build();
      model.put("1", store.save(update));
      record(model);
      store.delete("2");
      model.remove("2");
      record(model);
      insert(store, model, token("dave@example.com:1", "at-d"));
      assertThat(byId(store.list())).isEqualTo(model);
    }
    assertThat(model.get("1").refreshToken()).isEqualTo("rt-" + USER_A);
    original = Files.readAllBytes(vault);
  }

  @AfterEach
  void release() {
    ring.close();
  }

  @Test
  void open_flippedByteAnywhere_cutsTornLastFrameOrFailsWithoutWriting() throws Exception {
    long lastStart = frameEnds.get(frameEnds.size() - 2);
    for (int offset = 0; offset < original.length; offset++) {
      byte[] damaged = original.clone();
      damaged[offset] = (byte) ~damaged[offset];
      String context = "byte " + offset + " of " + original.length + " flipped";
      if (offset >= lastStart) {
        expectTornTail(damaged, lastStart, states.size() - 2, context);
      } else {
        expectFailure(damaged, expectedDamageOffset(offset), context);
      }
    }
  }

  @Test
  void open_cutAnywhere_keepsEveryWholeFrame() throws Exception {
    long headerEnd = frameEnds.get(0);
    for (int length : cutLengths()) {
      byte[] cut = Arrays.copyOf(original, length);
      String context = "cut to " + length + " of " + original.length + " bytes";
      int wholeFrames = wholeFramesWithin(length);
      if (length < headerEnd) {
        expectFailure(cut, -1, context);
      } else if (frameEnds.get(wholeFrames) == length) {
        expectClean(cut, wholeFrames, context);
      } else {
        expectTornTail(cut, frameEnds.get(wholeFrames), wholeFrames, context);
      }
    }
  }

  /**
   * Returns every length inside the header and inside the last frame, and in each other frame
   * its start and the lengths around its prefix, its middle and its end: every whole-frame
   * length is checked, and each cut position kind, without cutting every frame at every byte
   * (each cut forces three files to the device).
   */
  private SortedSet<Integer> cutLengths() {
    SortedSet<Integer> lengths = new TreeSet<>();
    for (int length = 0; length <= frameEnds.get(0); length++) {
      lengths.add(length);
    }
    for (int frame = 1; frame < frameEnds.size(); frame++) {
      int start = frameEnds.get(frame - 1).intValue();
      int end = frameEnds.get(frame).intValue();
      if (frame == frameEnds.size() - 1) {
        for (int length = start; length < end; length++) {
          lengths.add(length);
        }
      } else {
        for (int into : new int[] {1, 2, 11, 12, 15, 16, 17, (end - start) / 2}) {
          lengths.add(start + into);
        }
        lengths.add(end - 1);
      }
    }
    return lengths;
  }

  // ---------------------------------------------------------------------------------------
  // Expectations

  /**
   * Read-only, the vault opens with the frames before {@code tornAt} and nothing changes; then
   * read-write, the tail is cut with a WARNING and its bytes land in a side file.
   */
  private void expectTornTail(byte[] bytes, long tornAt, int frames, String context)
      throws Exception {
    Map<Path, byte[]> before = install(bytes);
    assertThat(openAndList(true, context)).as(context + ", read-only")
        .isEqualTo(states.get(frames));
    assertSameFiles(before, context + ", read-only");

    List<String> warnings;
    try (LogCapture logs = LogCapture.start()) {
      assertThat(openAndList(false, context)).as(context).isEqualTo(states.get(frames));
      warnings = logs.messagesAt(Level.WARNING);
    }
    assertThat(Files.readAllBytes(vault)).as(context + ": vault after the cut")
        .isEqualTo(Arrays.copyOf(bytes, (int) tornAt));
    List<Path> sides = sideFiles();
    assertThat(sides).as(context + ": side files").hasSize(1);
    assertThat(sides.get(0).getFileName().toString())
        .startsWith("tokens.vault.torn-" + tornAt + "-");
    assertThat(Files.readAllBytes(sides.get(0))).as(context + ": side file")
        .isEqualTo(Arrays.copyOfRange(bytes, (int) tornAt, bytes.length));
    assertThat(warnings).as(context + ": warnings")
        .anySatisfy(m -> assertThat(m).contains("torn tail of " + (bytes.length - tornAt)
            + " bytes at offset " + tornAt));
  }

  /** The vault opens with {@code frames} frames, logs no WARNING and writes nothing. */
  private void expectClean(byte[] bytes, int frames, String context) throws Exception {
    Map<Path, byte[]> before = install(bytes);
    try (LogCapture logs = LogCapture.start()) {
      assertThat(openAndList(false, context)).as(context).isEqualTo(states.get(frames));
      assertThat(logs.messagesAt(Level.WARNING)).as(context + ": warnings").isEmpty();
    }
    assertThat(Files.readAllBytes(vault)).as(context).isEqualTo(bytes);
    assertThat(sideFiles()).as(context + ": side files").isEmpty();
    assertThat(before.keySet()).as(context).containsExactlyInAnyOrderElementsOf(files().keySet());
  }

  /**
   * Opening fails, read-only and read-write, with an exception that names the unsupported
   * version or the offset: {@code expectedOffset}, or any offset in the header if -1 (a file cut
   * inside its header is reported by its size instead). Every file stays as it was.
   */
  private void expectFailure(byte[] bytes, long expectedOffset, String context)
      throws Exception {
    Map<Path, byte[]> before = install(bytes);
    for (boolean readOnly : new boolean[] {true, false}) {
      String where = context + (readOnly ? ", read-only" : "");
      Throwable thrown = catchThrowable(() -> openAndList(readOnly, where));
      if (expectedOffset == 8 || expectedOffset == 9) {
        assertThat(thrown).as(where).isInstanceOf(UnsupportedFormatException.class);
        assertThat(thrown.getMessage()).as(where).contains("format version");
      } else {
        assertThat(thrown).as(where).isInstanceOf(DamagedDataException.class);
        long offset = ((DamagedDataException) thrown).offset();
        if (bytes.length >= frameEnds.get(0)) {
          assertThat(thrown.getMessage()).as(where).contains("offset " + offset);
        }
        if (expectedOffset < 0) {
          assertThat(offset).as(where).isBetween(0L, frameEnds.get(0) - 1);
        } else {
          assertThat(offset).as(where).isEqualTo(expectedOffset);
        }
      }
      assertSameFiles(before, where);
    }
  }

  /** Returns the offset a flip at {@code offset} must be reported at: its frame's start. */
  private long expectedDamageOffset(int offset) {
    if (offset == 8 || offset == 9) {
      return offset;
    }
    if (offset < frameEnds.get(0)) {
      return -1;
    }
    return frameEnds.get(wholeFramesWithin(offset));
  }

  private int wholeFramesWithin(long length) {
    int frames = 0;
    while (frames + 1 < frameEnds.size() && frameEnds.get(frames + 1) <= length) {
      frames++;
    }
    return frames;
  }

  // ---------------------------------------------------------------------------------------
  // Helpers

  private Map<String, Token> openAndList(boolean readOnly, String context)
      throws VaultException {
    try (FileTokenStore store = FileTokenStore.builder(vault, ring).readOnly(readOnly).open()) {
      Map<String, Token> tokens = byId(store.list());
      for (Token token : tokens.values()) {
        assertThat(store.findById(token.id())).as(context).isEqualTo(token);
      }
      return tokens;
    }
  }

  /** Puts {@code bytes} in place of the vault, removes side files, returns every file. */
  private Map<Path, byte[]> install(byte[] bytes) throws IOException {
    for (Path side : sideFiles()) {
      Files.delete(side);
    }
    // In place rather than truncated and rewritten, which ext4 would flush to the device.
    try (FileChannel channel = FileChannel.open(vault, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(bytes), 0);
      channel.truncate(bytes.length);
    }
    return files();
  }

  private void assertSameFiles(Map<Path, byte[]> before, String context) throws IOException {
    Map<Path, byte[]> after = files();
    assertThat(after.keySet()).as(context + ": files").isEqualTo(before.keySet());
    for (Map.Entry<Path, byte[]> file : before.entrySet()) {
      assertThat(after.get(file.getKey())).as(context + ": " + file.getKey().getFileName())
          .isEqualTo(file.getValue());
    }
  }

  private Map<Path, byte[]> files() throws IOException {
    Map<Path, byte[]> files = new LinkedHashMap<>();
    try (Stream<Path> list = Files.list(vault.getParent())) {
      for (Path file : list.sorted().toList()) {
        files.put(file, Files.readAllBytes(file));
      }
    }
    return files;
  }

  private List<Path> sideFiles() throws IOException {
    try (Stream<Path> list = Files.list(vault.getParent())) {
      return list.filter(f -> f.getFileName().toString().startsWith("tokens.vault.torn-"))
          .toList();
    }
  }

  private void insert(FileTokenStore store, Map<String, Token> model, Token token)
      throws Exception {
    Token saved = store.save(token);
    model.put(saved.id(), saved);
    record(model);
  }

  private void record(Map<String, Token> model) throws IOException {
    frameEnds.add(Files.size(vault));
    states.add(new TreeMap<>(model));
  }

  private static Token token(String user, String access) {
    return Token.builder().userName(user).accessToken(access).refreshToken("rt-" + user)
        .clientId("client-1").clientSecret("secret-1").apiDomain("https://www.zohoapis.eu")
        .build();
  }

  private static Map<String, Token> byId(List<Token> tokens) {
    Map<String, Token> byId = new TreeMap<>();
    for (Token token : tokens) {
      assertThat(byId.put(token.id(), token)).as("id " + token.id() + " twice").isNull();
    }
    return byId;
  }
}
