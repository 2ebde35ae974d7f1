#!/usr/bin/env bash
# A walk through a vault's life on the shipped example: build the tool, create a vault with the
# example keystore, migrate the example plaintext token file into it, list, look at the vault's
# bytes, rotate the key, verify. Needs Java 17+ and Maven 3.8+, nothing else.
#
#   ./scripts/walkthrough.sh          # works in a temporary directory, removed at the end
#   ./scripts/walkthrough.sh --keep   # keeps the directory to look around
#
# The example files are copied, never changed. TOKENVAULT_EXAMPLE_DIR names another directory
# holding example-keys.p12, example-password.txt and sdk_tokens.txt (default: keys-example/).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
example=${TOKENVAULT_EXAMPLE_DIR:-$root/keys-example}
keep=false
if [ "${1:-}" = "--keep" ]; then
  keep=true
fi

for file in example-keys.p12 example-password.txt sdk_tokens.txt; do
  if [ ! -f "$example/$file" ]; then
    echo "walkthrough: $example/$file is missing" >&2
    exit 1
  fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/tokenvault-walkthrough.XXXXXX")
finish() {
  if $keep; then
    printf '\n(the walkthrough directory is kept: %s)\n' "$work"
  else
    rm -rf "$work"
  fi
}
trap finish EXIT

step() { printf '\n== %s\n' "$1"; }
say() { printf '   %s\n' "$@"; }
tokenvault() {
  printf '$ tokenvault %s\n' "$*"
  "$root/tokenvault" --password-file "$work/password.txt" "$@"
}

step "Build the command line"
say "./tokenvault builds tokenvault-cli/target/tokenvault.jar once, then runs it."
"$root/tokenvault" --version

step "Set up a working copy of the example"
install -m 600 "$example/example-keys.p12" "$work/keys.p12"
install -m 600 "$example/example-password.txt" "$work/password.txt"
install -m 600 "$example/sdk_tokens.txt" "$work/sdk_tokens.txt"
export TOKENVAULT_VAULT="$work/tokens.vault" TOKENVAULT_KEYSTORE="$work/keys.p12"
say "in $work:" \
  "keys.p12         the example PKCS12 keystore (keytool -list -storetype PKCS12 reads it)" \
  "password.txt     its password; every command reads it with --password-file" \
  "sdk_tokens.txt   an SDK token file: every token in clear text" \
  "TOKENVAULT_VAULT and TOKENVAULT_KEYSTORE name the vault and the keystore."

step "init: an empty vault, sealed with the example keystore's key"
tokenvault init

step "import: migrate the plaintext token file, all or nothing"
tokenvault import "$work/sdk_tokens.txt"
say "Run it again: the upsert rules make a second import change nothing."
tokenvault import "$work/sdk_tokens.txt"

step "list and show: secrets stay masked"
tokenvault list
tokenvault show 1

step "The vault's bytes: no token is readable"
# The first 192 bytes; the dump's own limit, not head, which would break the pipe under pipefail.
if command -v xxd >/dev/null 2>&1; then
  xxd -l 192 "$work/tokens.vault"
else
  od -A x -t x1z -v -N 192 "$work/tokens.vault"
fi
say "Only the magic TKNVAULT, frame markers TV, token ids and key ids are plain; the rest is" \
  "AES-256-GCM. Searching the vault for every value of sdk_tokens.txt (but the ids):"
searched=0
found=0
while IFS= read -r value; do
  searched=$((searched + 1))
  if grep -qF -- "$value" "$work/tokens.vault"; then
    found=$((found + 1))
    echo "   FOUND a value of sdk_tokens.txt in the vault" >&2
  fi
done < <(tail -n +2 "$work/sdk_tokens.txt" | cut -d, -f2- | tr ',' '\n' | tr -d '"' \
  | awk 'length($0) >= 6')
say "searched for $searched values: $found found."
if [ "$found" -ne 0 ]; then
  exit 1
fi

step "rotate: a new key, every record re-sealed under it, the old key retired"
tokenvault rotate --retire
say "Interrupted at any moment (Ctrl-C, kill -9), the vault stays intact; run rotate again."

step "verify: open every record, check the keystore"
tokenvault verify
tokenvault keys
tokenvault stats

step "The plaintext source is still there: destroy it"
if command -v shred >/dev/null 2>&1; then
  shred -u "$work/sdk_tokens.txt"
  say "shred -u sdk_tokens.txt: done (on your machine, do the same to the SDK's file)."
else
  rm -f "$work/sdk_tokens.txt"
  say "rm sdk_tokens.txt: done (shred -u is better where it exists)."
fi

step "Done"
say "docs/CLI.md describes every command; the example files in $example are unchanged."
