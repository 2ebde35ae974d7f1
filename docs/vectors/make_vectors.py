#!/usr/bin/env python3
"""Computes the test vectors of docs/FORMAT.md independently of the Java code.

Everything here follows docs/FORMAT.md alone: HMAC-SHA256, HKDF-Expand and AES-256-GCM come
from the `cryptography` package, CRC32C is written out below, and the token documents are
written in the canonical form the document describes. The Java known-answer tests read the
JSON this script writes, so the document, this script and the tests agree.

    python3 docs/vectors/make_vectors.py          # rewrite the JSON and FORMAT.md's vectors
    python3 docs/vectors/make_vectors.py --check  # exit 1 if either differs from a fresh run

Needs Python 3.8+ and `cryptography` (pip install cryptography). The keys below are public test
keys: never use them for anything else.
"""

import json
import struct
import sys
from pathlib import Path

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand

ROOT = Path(__file__).resolve().parents[2]
FORMAT_MD = ROOT / "docs" / "FORMAT.md"
VECTORS_JSON = (ROOT / "tokenvault-core" / "src" / "test" / "resources" / "dev" / "tokenvault"
                / "format-vectors.json")
BEGIN = "<!-- BEGIN GENERATED VECTORS: docs/vectors/make_vectors.py -->"
END = "<!-- END GENERATED VECTORS -->"

# The column names in field-code order (FORMAT.md, "Field codes").
FIELDS = ["id", "user_name", "client_id", "client_secret", "refresh_token", "access_token",
          "grant_token", "expiry_time", "redirect_url", "api_domain"]
TAGGED = ["user_name", "refresh_token", "access_token", "grant_token"]
PUT, DELETE, CLEAR = 1, 2, 3
KIND_NAMES = {PUT: "put", DELETE: "delete", CLEAR: "clear"}


def unhex(text):
    return bytes.fromhex(text)


def counting(first, size):
    """Returns the bytes first, first+1, ..., a recognisable pattern for salts and nonces."""
    return bytes((first + i) & 0xFF for i in range(size))


# ---------------------------------------------------------------------------------------------
# Primitives

def hmac_sha256(key, data):
    mac = hmac.HMAC(key, hashes.SHA256())
    mac.update(data)
    return mac.finalize()


def hkdf_extract(salt, ikm):
    """RFC 5869 section 2.2."""
    return hmac_sha256(salt, ikm)


def hkdf_expand(prk, info, size):
    """RFC 5869 section 2.3."""
    return HKDFExpand(hashes.SHA256(), size, info).derive(prk)


def _crc32c_table():
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
        table.append(crc)
    return table


CRC32C_TABLE = _crc32c_table()


def crc32c(data):
    """CRC-32C (Castagnoli), RFC 3720 appendix B.4; check value of b"123456789": e3069283."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc = CRC32C_TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283


# ---------------------------------------------------------------------------------------------
# Derivations, sealed records, lookup tags, header MACs (FORMAT.md sections 3 to 5)

RECORD_INFO = b"tokenvault v1 record\x00"
LOOKUP_INFO = b"tokenvault v1 lookup"
HEADER_INFO = b"tokenvault v1 header"


class VaultKey:
    def __init__(self, key_id, key, vault_id):
        self.key_id = key_id
        self.key = key
        self.prk = hkdf_extract(vault_id, key)
        self.lookup_key = hkdf_expand(self.prk, LOOKUP_INFO, 32)
        self.header_key = hkdf_expand(self.prk, HEADER_INFO, 32)

    def record_key(self, salt):
        return hkdf_expand(self.prk, RECORD_INFO + salt, 32)

    def lookup_tag(self, field, value):
        code = FIELDS.index(field)
        return hmac_sha256(self.lookup_key, bytes([code]) + value.encode("utf-8"))[:16]

    def header_mac(self, header_bytes):
        return hmac_sha256(self.header_key, header_bytes)


def seal(vault_id, vkey, salt, nonce, identity, plaintext):
    key_id = vkey.key_id.encode("ascii")
    assert 1 <= len(key_id) <= 64 and len(salt) == 16 and len(nonce) == 12
    head = bytes([1, len(key_id)]) + key_id + salt + nonce
    aad = vault_id + head + identity
    return head + AESGCM(vkey.record_key(salt)).encrypt(nonce, plaintext, aad)


# ---------------------------------------------------------------------------------------------
# Token documents (FORMAT.md section 6): the canonical form

SHORT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n",
                 "\f": "\\f", "\r": "\\r"}


def json_string(value):
    out = ['"']
    for ch in value:
        if ch in SHORT_ESCAPES:
            out.append(SHORT_ESCAPES[ch])
        elif ord(ch) < 0x20:
            out.append("\\u%04X" % ord(ch))
        elif ord(ch) > 0xFFFF:
            # Outside the BMP: an escaped UTF-16 surrogate pair, as Jackson writes it.
            offset = ord(ch) - 0x10000
            out.append("\\u%04X\\u%04X" % (0xD800 + (offset >> 10), 0xDC00 + (offset & 0x3FF)))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def token_document(fields):
    parts = ['{"v":1']
    for name in FIELDS:
        value = fields.get(name)
        if value:
            parts.append(",%s:%s" % (json_string(name), json_string(value)))
    parts.append("}")
    return "".join(parts).encode("utf-8")


# ---------------------------------------------------------------------------------------------
# The vault file (FORMAT.md section 7)

def vault_header(vkey, vault_id, next_sequence, id_high_water, written_at_millis):
    key_id = vkey.key_id.encode("ascii")
    size = 89 + len(key_id)
    head = (b"TKNVAULT" + struct.pack(">HH", 1, size) + vault_id
            + struct.pack(">QQQ", next_sequence, id_high_water, written_at_millis)
            + bytes([len(key_id)]) + key_id)
    with_mac = head + vkey.header_mac(head)
    return head, with_mac + struct.pack(">I", crc32c(with_mac))


def identity_body(sequence, birth, token_id, tags):
    token_id = token_id.encode("utf-8")
    body = struct.pack(">QQH", sequence, birth, len(token_id)) + token_id + bytes([len(tags)])
    for code, tag in sorted(tags):
        body += bytes([code]) + tag
    return body


def frame_identity(kind, sequence, birth, token_id, tags):
    return struct.pack(">HB", 1, kind) + identity_body(sequence, birth, token_id, tags)


def frame_bytes(kind, sequence, birth, token_id, tags, sealed):
    body = identity_body(sequence, birth, token_id, tags) + struct.pack(">I", len(sealed)) + sealed
    prefix = b"TV" + bytes([kind, 0]) + struct.pack(">I", len(body))
    prefix += struct.pack(">I", crc32c(prefix))
    frame = prefix + body
    return frame + struct.pack(">I", crc32c(frame))


# ---------------------------------------------------------------------------------------------
# The vectors

VAULT_ID = unhex("00112233445566778899aabbccddeeff")
KEYS = [
    ("tv-1", unhex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")),
    ("prod.2024-01_a",
     unhex("f0e1d2c3b4a5968778695a4b3c2d1e0f00112233445566778899aabbccddeeff")),
]
WRITTEN_AT_MILLIS = 1767225600000  # 2026-01-01T00:00:00Z

TOKEN_ALICE = {
    "id": "1",
    "user_name": "alice@example.com:7001",
    "client_id": "1000.CLIENTID0001",
    "client_secret": "0123456789abcdef0123456789abcdef",
    "refresh_token": "1000.refresh.a1b2c3",
    "access_token": "1000.access.d4e5f6",
    "expiry_time": "1767229200000",
    "redirect_url": "https://example.com/oauth/callback",
    "api_domain": "https://www.zohoapis.com",
}
TOKEN_JOSE = {
    "id": "2",
    "user_name": "jos\u00e9@example.com:7002",
    "client_id": "1000.CLIENTID0002",
    "client_secret": 'q"b\\s\tt\u0001!',
    "grant_token": "1000.grant.\U0001F511",
}


def vault_key(key_id):
    for kid, key in KEYS:
        if kid == key_id:
            return VaultKey(kid, key, VAULT_ID)
    raise KeyError(key_id)


def tags_of(vkey, fields):
    return [(FIELDS.index(f), vkey.lookup_tag(f, fields[f])) for f in TAGGED if fields.get(f)]


def make_vault_file():
    vkey = vault_key("tv-1")
    _, header = vault_header(vkey, VAULT_ID, 1, 0, WRITTEN_AT_MILLIS)
    plan = [
        (PUT, 1, 1, TOKEN_ALICE, counting(0x10, 16), counting(0x20, 12)),
        (PUT, 2, 2, TOKEN_JOSE, counting(0x30, 16), counting(0x40, 12)),
        (DELETE, 3, 0, {"id": "2"}, counting(0x50, 16), counting(0x60, 12)),
    ]
    frames = []
    data = header
    for kind, sequence, birth, fields, salt, nonce in plan:
        tags = tags_of(vkey, fields) if kind == PUT else []
        identity = frame_identity(kind, sequence, birth, fields["id"], tags)
        plaintext = token_document(fields) if kind == PUT else b""
        sealed = seal(VAULT_ID, vkey, salt, nonce, identity, plaintext)
        encoded = frame_bytes(kind, sequence, birth, fields["id"], tags, sealed)
        frames.append({
            "kind": KIND_NAMES[kind], "sequence": sequence, "birth": birth, "id": fields["id"],
            "offset": len(data), "keyId": vkey.key_id, "salt": salt.hex(), "nonce": nonce.hex(),
            "fields": fields if kind == PUT else None,
            "plaintext": plaintext.hex(), "identity": identity.hex(), "sealed": sealed.hex(),
            "bytes": encoded.hex(),
        })
        data += encoded
    return {
        "vaultId": VAULT_ID.hex(), "keyId": vkey.key_id, "nextSequence": 1, "idHighWater": 0,
        "writtenAtMillis": WRITTEN_AT_MILLIS, "header": header.hex(), "frames": frames,
        "file": data.hex(), "liveTokens": [TOKEN_ALICE],
    }


def make_seal_vectors(vault):
    specs = [
        ("empty plaintext, delete-frame identity", "tv-1", counting(0xA0, 16),
         counting(0xB0, 12), frame_identity(DELETE, 3, 0, "2", []), b""),
        ("short plaintext, empty identity, long key id", "prod.2024-01_a", counting(0xC0, 16),
         counting(0xD0, 12), b"", b"hello, tokenvault"),
        ("token document with non-ASCII text, put-frame identity", "tv-1", counting(0xE0, 16),
         counting(0xF0, 12),
         frame_identity(PUT, 2, 2, "2", tags_of(vault_key("tv-1"), TOKEN_JOSE)),
         token_document(TOKEN_JOSE)),
    ]
    vectors = []
    for name, key_id, salt, nonce, identity, plaintext in specs:
        vkey = vault_key(key_id)
        vectors.append({
            "name": name, "keyId": key_id, "salt": salt.hex(), "nonce": nonce.hex(),
            "identity": identity.hex(), "plaintext": plaintext.hex(),
            "recordKey": vkey.record_key(salt).hex(),
            "sealed": seal(VAULT_ID, vkey, salt, nonce, identity, plaintext).hex(),
        })
    for frame in vault["frames"]:
        vkey = vault_key(frame["keyId"])
        vectors.append({
            "name": "vault file vector, %s frame #%d" % (frame["kind"], frame["sequence"]),
            "keyId": frame["keyId"], "salt": frame["salt"], "nonce": frame["nonce"],
            "identity": frame["identity"], "plaintext": frame["plaintext"],
            "recordKey": vkey.record_key(unhex(frame["salt"])).hex(), "sealed": frame["sealed"],
        })
    return vectors


def make_lookup_vectors():
    cases = [
        ("tv-1", "user_name", TOKEN_ALICE["user_name"]),
        ("tv-1", "refresh_token", TOKEN_ALICE["refresh_token"]),
        ("tv-1", "access_token", TOKEN_ALICE["access_token"]),
        ("tv-1", "user_name", TOKEN_JOSE["user_name"]),
        ("tv-1", "grant_token", TOKEN_JOSE["grant_token"]),
        ("prod.2024-01_a", "access_token", TOKEN_ALICE["access_token"]),
    ]
    return [{"keyId": key_id, "field": field, "code": FIELDS.index(field), "value": value,
             "tag": vault_key(key_id).lookup_tag(field, value).hex()}
            for key_id, field, value in cases]


def make_header_vectors():
    vectors = []
    for key_id, next_sequence, high_water in [("tv-1", 1, 0), ("prod.2024-01_a", 1000, 42)]:
        vkey = vault_key(key_id)
        macked, header = vault_header(vkey, VAULT_ID, next_sequence, high_water,
                                      WRITTEN_AT_MILLIS)
        vectors.append({"keyId": key_id, "nextSequence": next_sequence,
                        "idHighWater": high_water, "writtenAtMillis": WRITTEN_AT_MILLIS,
                        "macInput": macked.hex(), "mac": vkey.header_mac(macked).hex(),
                        "header": header.hex()})
    return vectors


def make_vectors():
    vault = make_vault_file()
    keys = []
    for key_id, key in KEYS:
        vkey = vault_key(key_id)
        keys.append({"id": key_id, "key": key.hex(), "prk": vkey.prk.hex(),
                     "lookupKey": vkey.lookup_key.hex(), "headerKey": vkey.header_key.hex()})
    return {
        "comment": "Generated by docs/vectors/make_vectors.py; specified in docs/FORMAT.md."
                   " Public test keys: never use them for anything else.",
        "vaultId": VAULT_ID.hex(),
        "keys": keys,
        "seal": make_seal_vectors(vault),
        "lookupTags": make_lookup_vectors(),
        "headers": make_header_vectors(),
        "vaultFile": vault,
    }


# ---------------------------------------------------------------------------------------------
# Markdown

def wrapped(hex_text, width=64):
    if not hex_text:
        return "(empty)"
    return "\n".join(hex_text[i:i + width] for i in range(0, len(hex_text), width))


def block(label, hex_text):
    return "%s:\n```\n%s\n```\n" % (label, wrapped(hex_text))


def table(rows):
    out = ["| offset | size | field | hex |", "|---|---|---|---|"]
    at = 0
    for name, size, data in rows:
        shown = data.hex() if len(data) <= 40 else data[:20].hex() + "..."
        out.append("| %d | %d | %s | `%s` |" % (at, size, name, shown or "(none)"))
        at += size
    return "\n".join(out) + "\n"


def header_rows(header):
    size = header[52]
    fields = [("magic", 8), ("format version", 2), ("header size", 2), ("vault id", 16),
              ("next sequence", 8), ("id high-water", 8), ("written at", 8),
              ("key id size L", 1), ("key id", size), ("MAC", 32), ("CRC32C", 4)]
    rows, at = [], 0
    for name, length in fields:
        rows.append((name, length, header[at:at + length]))
        at += length
    return rows


def frame_rows(frame):
    id_size = struct.unpack(">H", frame[28:30])[0]
    at = 30 + id_size
    tag_count = frame[at]
    rows = [("marker", 2, frame[0:2]), ("kind", 1, frame[2:3]), ("reserved", 1, frame[3:4]),
            ("body size B", 4, frame[4:8]), ("prefix CRC32C", 4, frame[8:12]),
            ("sequence", 8, frame[12:20]), ("birth", 8, frame[20:28]),
            ("token id size I", 2, frame[28:30]), ("token id", id_size, frame[30:at]),
            ("tag count T", 1, frame[at:at + 1])]
    at += 1
    for _ in range(tag_count):
        code = frame[at]
        rows.append(("tag field code (%s)" % FIELDS[code], 1, frame[at:at + 1]))
        rows.append(("lookup tag", 16, frame[at + 1:at + 17]))
        at += 17
    sealed_size = struct.unpack(">I", frame[at:at + 4])[0]
    rows.append(("sealed size S", 4, frame[at:at + 4]))
    rows.append(("sealed record", sealed_size, frame[at + 4:at + 4 + sealed_size]))
    rows.append(("frame CRC32C", 4, frame[-4:]))
    return rows


def markdown(v):
    out = [BEGIN, "", "All vectors share the vault id `%s`. The keys are public test keys."
           % v["vaultId"], "", "### Keys and derived keys", ""]
    for key in v["keys"]:
        out.append("Key `%s`:\n" % key["id"])
        out.append("| value | hex |\n|---|---|")
        for label, name in [("K", "key"), ("PRK", "prk"), ("lookup key", "lookupKey"),
                            ("header key", "headerKey")]:
            out.append("| %s | `%s` |" % (label, key[name]))
        out.append("")
    out += ["### Sealed records", ""]
    for i, s in enumerate(v["seal"], 1):
        out.append("**S%d: %s.**\n" % (i, s["name"]))
        out.append("| input | value |\n|---|---|")
        out.append("| key id | `%s` |" % s["keyId"])
        out.append("| salt | `%s` |" % s["salt"])
        out.append("| nonce | `%s` |" % s["nonce"])
        out.append("| record key (derived) | `%s` |\n" % s["recordKey"])
        out.append(block("Identity", s["identity"]))
        out.append(block("Plaintext", s["plaintext"]))
        out.append(block("Sealed record", s["sealed"]))
    out += ["### Lookup tags", "", "| key | field (code) | value | tag |", "|---|---|---|---|"]
    for t in v["lookupTags"]:
        out.append("| `%s` | %s (%d) | `%s` | `%s` |"
                   % (t["keyId"], t["field"], t["code"], json.dumps(t["value"]), t["tag"]))
    out += ["", "Values are shown as JSON strings; the tag covers their UTF-8 bytes.", "",
            "### Header MACs", ""]
    for i, h in enumerate(v["headers"], 1):
        out.append("**H%d.** Key `%s`, next sequence %d, id high-water %d, written at %d.\n"
                   % (i, h["keyId"], h["nextSequence"], h["idHighWater"], h["writtenAtMillis"]))
        out.append(block("MAC input: header bytes [0, 53+L)", h["macInput"]))
        out.append(block("MAC", h["mac"]))
        out.append(block("Whole header", h["header"]))
    f = v["vaultFile"]
    out += ["### A complete vault file", "",
            "Header H1 (key `%s`), then three frames: a put of token 1 (sequence 1, birth 1), a"
            " put of token 2 (sequence 2, birth 2) and a delete of token 2 (sequence 3). The"
            " file holds one live token, token 1. The frames' sealed records are S4, S5 and S6."
            % f["keyId"], "", "The header, field by field:", "",
            table(header_rows(unhex(f["header"])))]
    for frame in f["frames"]:
        out.append("**Frame #%d**, a %s of token `%s`, at offset %d (%d bytes).\n"
                   % (frame["sequence"], frame["kind"], frame["id"], frame["offset"],
                      len(frame["bytes"]) // 2))
        if frame["fields"]:
            out.append("Its token document (the canonical form of section 7.4):\n")
            out.append("```json\n%s\n```\n" % unhex(frame["plaintext"]).decode("utf-8"))
        out.append(table(frame_rows(unhex(frame["bytes"]))))
        out.append(block("Identity", frame["identity"]))
        out.append(block("The whole frame", frame["bytes"]))
    out.append(block("The whole file (%d bytes)" % (len(f["file"]) // 2), f["file"]))
    out.append(END)
    return "\n".join(out)


def replace_generated(document, generated):
    start = document.index(BEGIN)
    end = document.index(END) + len(END)
    return document[:start] + generated + document[end:]


def main(argv):
    vectors = make_vectors()
    vectors_text = json.dumps(vectors, indent=2, ensure_ascii=True) + "\n"
    document = FORMAT_MD.read_text(encoding="utf-8")
    fresh_document = replace_generated(document, markdown(vectors))
    if "--check" in argv:
        stale = []
        if not VECTORS_JSON.exists() or VECTORS_JSON.read_text(encoding="utf-8") != vectors_text:
            stale.append(str(VECTORS_JSON.relative_to(ROOT)))
        if fresh_document != document:
            stale.append(str(FORMAT_MD.relative_to(ROOT)))
        if stale:
            print("out of date: " + ", ".join(stale) + "; run docs/vectors/make_vectors.py")
            return 1
        print("vectors up to date")
        return 0
    VECTORS_JSON.parent.mkdir(parents=True, exist_ok=True)
    VECTORS_JSON.write_text(vectors_text, encoding="utf-8")
    FORMAT_MD.write_text(fresh_document, encoding="utf-8")
    print("wrote %s and the vectors of %s" % (VECTORS_JSON.relative_to(ROOT),
                                             FORMAT_MD.relative_to(ROOT)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
