#!/usr/bin/env bash
# Makes the two secrets every silo of an azure-profile cluster shares (Azure:KeysDirectory), when they are missing:
#   KEYS_DIR/log.key        the log's Ed25519 signer key, PRIVATE+KEY+<origin>+<8 hex key hash>+<base64(0x01 ‖ seed)>
#                           (C2SP signed-note, the format Go's golang.org/x/mod/sumdb/note reads)
#   KEYS_DIR/pseudonym.key  base64 of 32 random bytes: the HMAC key of beneficiary pseudonyms
# and prints the log's verifier key (what auditors check checkpoints with; the server also serves it at /log/key).
#
#   infra/local/make-keys.sh KEYS_DIR [ORIGIN]      (ORIGIN defaults to oversightledger.local/log, the server's Log:Origin)
#
# Existing files are never replaced: losing or changing these keys breaks the log's signatures and every pseudonym.
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 KEYS_DIR [ORIGIN]" >&2
  exit 2
fi
keys="$1"
origin="${2:-oversightledger.local/log}"
mkdir -p "$keys"
chmod 700 "$keys"
umask 077
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ ! -f "$keys/pseudonym.key" ]; then
  head -c 32 /dev/urandom | base64 >"$keys/pseudonym.key.tmp"
  mv "$keys/pseudonym.key.tmp" "$keys/pseudonym.key"
  echo "== made $keys/pseudonym.key" >&2
fi

if [ ! -f "$keys/log.key" ]; then
  openssl genpkey -algorithm ed25519 -outform DER -out "$work/key.der" 2>/dev/null
  openssl pkey -inform DER -in "$work/key.der" -pubout -outform DER -out "$work/pub.der"
  tail -c 32 "$work/key.der" >"$work/seed"
  tail -c 32 "$work/pub.der" >"$work/pub"
  # key hash: the first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key)
  { printf '%s\n' "$origin"; printf '\001'; cat "$work/pub"; } >"$work/hashed"
  hash="$(openssl dgst -sha256 -binary "$work/hashed" | head -c 4 | xxd -p)"
  { printf '\001'; cat "$work/seed"; } >"$work/private"
  printf 'PRIVATE+KEY+%s+%s+%s\n' "$origin" "$hash" "$(base64 -w0 "$work/private")" >"$keys/log.key.tmp"
  mv "$keys/log.key.tmp" "$keys/log.key"
  { printf '\001'; cat "$work/pub"; } >"$work/public"
  printf '%s+%s+%s\n' "$origin" "$hash" "$(base64 -w0 "$work/public")" >"$keys/log.vkey"
  echo "== made $keys/log.key for $origin" >&2
fi
if [ -f "$keys/log.vkey" ]; then cat "$keys/log.vkey"; fi
