package dev.tokenvault.file;

import java.util.HexFormat;

/** The fields of a vault file's header; see {@link VaultFormat} for its bytes. */
final class VaultHeader {
  final byte[] vaultId;
  final long nextSequence;
  final long idHighWater;
  final long writtenAtMillis;
  final String keyId;
  final int sizeBytes;

  VaultHeader(byte[] vaultId, long nextSequence, long idHighWater, long writtenAtMillis,
      String keyId, int sizeBytes) {
    this.vaultId = vaultId;
    this.nextSequence = nextSequence;
    this.idHighWater = idHighWater;
    this.writtenAtMillis = writtenAtMillis;
    this.keyId = keyId;
    this.sizeBytes = sizeBytes;
  }

  /** Returns the vault id as 32 lowercase hex digits. */
  String vaultIdHex() {
    return HexFormat.of().formatHex(vaultId);
  }
}
