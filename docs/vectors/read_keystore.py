#!/usr/bin/env python3
"""Lists the keys of a tokenvault PKCS12 keystore, reading it as docs/FORMAT.md section 3 says.

An independent reader of the keystore layout, written from the document: it checks the
keystore's MAC, decrypts every key entry, and prints each key id, creation time, iteration
count and size, and which key is active. It never prints key material.

    TOKENVAULT_PASSWORD=... python3 docs/vectors/read_keystore.py keys.p12

The password comes from the environment variable TOKENVAULT_PASSWORD, or from a prompt.
Needs Python 3.8+ and `cryptography`.
"""

import getpass
import hashlib
import hmac as std_hmac
import os
import re
import sys
from datetime import datetime, timezone

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

OID_DATA = "1.2.840.113549.1.7.1"
OID_SECRET_BAG = "1.2.840.113549.1.12.10.1.5"
OID_SHROUDED_KEY_BAG = "1.2.840.113549.1.12.10.1.2"
OID_FRIENDLY_NAME = "1.2.840.113549.1.9.20"
OID_LOCAL_KEY_ID = "1.2.840.113549.1.9.21"
OID_PBES2 = "1.2.840.113549.1.5.13"
OID_PBKDF2 = "1.2.840.113549.1.5.12"
OID_HMAC_SHA256 = "1.2.840.113549.2.9"
OID_AES256_CBC = "2.16.840.1.101.3.4.1.42"
OID_AES = "2.16.840.1.101.3.4.1"
OID_SHA256 = "2.16.840.1.101.3.4.2.1"
KEY_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


class Der:
    """One DER element: its tag, and its content as bytes."""

    def __init__(self, data, at=0):
        self.tag = data[at]
        size = data[at + 1]
        start = at + 2
        if size & 0x80:
            count = size & 0x7F
            size = int.from_bytes(data[start:start + count], "big")
            start += count
        self.content = data[start:start + size]
        self.end = start + size

    def children(self):
        out, at = [], 0
        while at < len(self.content):
            child = Der(self.content, at)
            out.append(child)
            at = child.end
        return out

    def integer(self):
        return int.from_bytes(self.content, "big")

    def oid(self):
        first = self.content[0]
        parts, value = [first // 40, first % 40], 0
        for byte in self.content[1:]:
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                parts.append(value)
                value = 0
        return ".".join(str(p) for p in parts)


def pkcs12_kdf(password, salt, iterations, purpose, size):
    """RFC 7292 appendix B.2 with SHA-256; the password as a BMPString with two zero bytes."""
    u, v = 32, 64
    secret = (password.encode("utf-16-be") + b"\0\0") if password else b""
    diversifier = bytes([purpose]) * v

    def stretch(data):
        """Copies of data up to the next multiple of v bytes (none for empty data)."""
        length = v * ((len(data) + v - 1) // v)
        return (data * (length // len(data) + 1))[:length] if data else b""

    block = bytearray(stretch(salt) + stretch(secret))
    out = b""
    while len(out) < size:
        digest = diversifier + bytes(block)
        for _ in range(iterations):
            digest = hashlib.sha256(digest).digest()
        out += digest
        addend = int.from_bytes((digest * (v // u + 1))[:v], "big") + 1
        for at in range(0, len(block), v):
            total = (int.from_bytes(block[at:at + v], "big") + addend) % (1 << (v * 8))
            block[at:at + v] = total.to_bytes(v, "big")
    return out[:size]


def check_mac(pfx, password):
    version, auth_safe, mac_data = pfx.children()[:3]
    assert version.integer() == 3, "PFX version %d" % version.integer()
    content_type, wrapped = auth_safe.children()
    assert content_type.oid() == OID_DATA
    auth_safe_bytes = wrapped.children()[0].content
    digest_info, mac_salt, mac_iterations = mac_data.children()
    algorithm, expected = digest_info.children()
    assert algorithm.children()[0].oid() == OID_SHA256, "MAC digest is not SHA-256"
    key = pkcs12_kdf(password, mac_salt.content, mac_iterations.integer(), 3, 32)
    actual = std_hmac.new(key, auth_safe_bytes, hashlib.sha256).digest()
    if not std_hmac.compare_digest(actual, expected.content):
        raise SystemExit("MAC mismatch: wrong password, or the keystore was altered")
    return auth_safe_bytes, mac_iterations.integer()


def decrypt_key(encrypted_info, password):
    algorithm, ciphertext = Der(encrypted_info).children()
    scheme_oid, params = algorithm.children()
    assert scheme_oid.oid() == OID_PBES2, "entry is not protected with PBES2"
    kdf, cipher = params.children()
    kdf_oid, kdf_params = kdf.children()
    assert kdf_oid.oid() == OID_PBKDF2
    salt, iterations, *rest = kdf_params.children()
    prf = [p for p in rest if p.tag == 0x30]
    assert prf and prf[0].children()[0].oid() == OID_HMAC_SHA256, "PBKDF2 PRF is not SHA-256"
    cipher_oid, iv = cipher.children()
    assert cipher_oid.oid() == OID_AES256_CBC, "entry cipher is not AES-256-CBC"
    key = PBKDF2HMAC(hashes.SHA256(), 32, salt.content, iterations.integer()).derive(
        password.encode("utf-8"))
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv.content)).decryptor()
    padded = decryptor.update(ciphertext.content) + decryptor.finalize()
    plain = padded[:-padded[-1]]
    _, key_algorithm, key_octets = Der(plain).children()
    assert key_algorithm.children()[0].oid() == OID_AES, "entry is not an AES key"
    return len(key_octets.content), iterations.integer()


def read_entries(auth_safe_bytes, password):
    entries = []
    for content_info in Der(auth_safe_bytes).children():
        content_type, wrapped = content_info.children()
        if content_type.oid() != OID_DATA:
            continue  # encrypted certificate bags: tokenvault keystores hold none
        for bag in Der(wrapped.children()[0].content).children():
            parts = bag.children()
            if parts[0].oid() != OID_SECRET_BAG:
                continue
            secret_type, secret_value = parts[1].children()[0].children()
            assert secret_type.oid() == OID_SHROUDED_KEY_BAG
            size, iterations = decrypt_key(secret_value.children()[0].content, password)
            alias, created = None, None
            for attribute in parts[2].children() if len(parts) > 2 else []:
                oid, values = attribute.children()
                value = values.children()[0].content
                if oid.oid() == OID_FRIENDLY_NAME:
                    alias = value.decode("utf-16-be").lower()
                elif oid.oid() == OID_LOCAL_KEY_ID and value.startswith(b"Time "):
                    created = int(value[5:].decode("ascii"))
            entries.append((alias, created, iterations, size))
    return entries


def main(argv):
    if len(argv) != 1:
        raise SystemExit("usage: read_keystore.py KEYSTORE")
    password = os.environ.get("TOKENVAULT_PASSWORD") or getpass.getpass("keystore password: ")
    with open(argv[0], "rb") as file:
        pfx = Der(file.read())
    auth_safe_bytes, mac_iterations = check_mac(pfx, password)
    entries = read_entries(auth_safe_bytes, password)
    # The active key: the newest creation time, then the longer id, then the greater id.
    ordered = sorted(entries, key=lambda e: (e[1] or 0, len(e[0]), e[0]))
    print("MAC: HMAC-SHA256, %d iterations" % mac_iterations)
    for alias, created, iterations, size in ordered:
        when = (datetime.fromtimestamp(created / 1000, timezone.utc).isoformat()
                if created is not None else "unknown")
        valid = "" if KEY_ID.fullmatch(alias) else "  (not a valid key id)"
        active = "  active" if (alias, created, iterations, size) == ordered[-1] else ""
        print("%-20s created %s  %d iterations  AES-%d%s%s"
              % (alias, when, iterations, size * 8, active, valid))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
