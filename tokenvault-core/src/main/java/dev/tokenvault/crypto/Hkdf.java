package dev.tokenvault.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * HKDF with SHA-256 (RFC 5869), split into its two steps so that the extract step runs once per
 * key and vault, and only the expand step once per record. Bouncy Castle provides both; Java 17
 * has no HKDF.
 */
final class Hkdf {
  static final int HASH_SIZE_BYTES = 32;

  private Hkdf() {}

  /** Returns PRK = HMAC-SHA256(salt, ikm), RFC 5869 section 2.2. */
  static byte[] extract(byte[] salt, byte[] ikm) {
    HMac hmac = new HMac(new SHA256Digest());
    hmac.init(new KeyParameter(salt));
    hmac.update(ikm, 0, ikm.length);
    byte[] prk = new byte[HASH_SIZE_BYTES];
    hmac.doFinal(prk, 0);
    return prk;
  }

  /** Returns the first {@code sizeBytes} bytes of HKDF-Expand(prk, info), RFC 5869 section 2.3. */
  static byte[] expand(byte[] prk, byte[] info, int sizeBytes) {
    HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
    generator.init(HKDFParameters.skipExtractParameters(prk, info));
    byte[] out = new byte[sizeBytes];
    generator.generateBytes(out, 0, sizeBytes);
    return out;
  }
}
