package dev.tokenvault.benchmarks;

import dev.tokenvault.Token;
import dev.tokenvault.TokenDocument;
import dev.tokenvault.TokenField;
import dev.tokenvault.VaultException;
import dev.tokenvault.crypto.KeyRing;
import dev.tokenvault.crypto.RecordSealer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pieces of a record's life, and DESIGN.md's reference point: sealing and opening one
 * token document of about 600 bytes (per-record HKDF key, then AES-256-GCM), writing and
 * parsing that document, one lookup tag (HMAC-SHA256), and a {@link HashMap} hit among 10,000
 * tokens.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SealBenchmark {
  private static final int MAP_TOKENS = 10_000;

  private Path dir;
  private KeyRing ring;
  private RecordSealer sealer;
  private String keyId;
  private Token token;
  private byte[] document;
  private byte[] identity;
  private byte[] sealed;
  private Map<String, Token> map;
  private String[] mapKeys;
  private int next;

  /** Creates a key ring and a sealer, seals one document, and fills the map. */
  @Setup(Level.Trial)
  public void prepare() throws VaultException, IOException {
    dir = Vaults.newWorkDir();
    ring = BenchKeys.create(dir.resolve(Vaults.KEYSTORE_FILE));
    byte[] vaultId = new byte[RecordSealer.VAULT_ID_SIZE_BYTES];
    SplittableRandom random = new SplittableRandom(5);
    random.nextBytes(vaultId);
    sealer = RecordSealer.create(ring, vaultId);
    keyId = sealer.activeKeyId();
    token = Tokens.token(0);
    document = TokenDocument.toJson(token);
    // About what the file vault binds: sequence, birth, id and four lookup tags.
    identity = new byte[19 + 1 + 4 * 17];
    random.nextBytes(identity);
    sealed = sealer.seal(keyId, document, identity);
    map = new HashMap<>();
    mapKeys = new String[MAP_TOKENS];
    int[] order = FindBenchmark.permutation(MAP_TOKENS, random);
    for (int i = 0; i < MAP_TOKENS; i++) {
      Token each = Tokens.token(i);
      map.put(each.id(), each);
      mapKeys[order[i]] = each.id();
    }
  }

  /** Wipes the sealer's keys and deletes the key ring. */
  @TearDown(Level.Trial)
  public void close() throws IOException {
    sealer.close();
    ring.close();
    Vaults.deleteTree(dir);
  }

  /** Seals the document under the active key. */
  @Benchmark
  public byte[] seal() throws VaultException {
    return sealer.seal(keyId, document, identity);
  }

  /** Opens the sealed document. */
  @Benchmark
  public byte[] open() throws VaultException {
    return sealer.open(sealed, identity);
  }

  /** Writes the token's document. */
  @Benchmark
  public byte[] toJson() {
    return TokenDocument.toJson(token);
  }

  /** Parses the token's document. */
  @Benchmark
  public Token fromJson() throws VaultException {
    return TokenDocument.fromJson(document);
  }

  /** Computes the lookup tag of the token's access token. */
  @Benchmark
  public byte[] lookupTag() throws VaultException {
    return sealer.lookupTag(keyId, TokenField.ACCESS_TOKEN, token.accessToken());
  }

  /** Gets the next token of the map by id. */
  @Benchmark
  public Token hashMapHit() {
    int k = next;
    next = k + 1 == MAP_TOKENS ? 0 : k + 1;
    return map.get(mapKeys[k]);
  }
}
