// Checks a disbursement receipt in the browser, as `oversight verify receipt` does on the command line:
// - the checkpoint is a C2SP signed note carrying a valid Ed25519 signature of the pinned log key (c2sp.org/signed-note);
// - its text is a C2SP checkpoint (origin, size, canonical base64 root);
// - the entry's RFC 6962 leaf hash SHA-256(0x00 ‖ entry), with the inclusion proof (nodes SHA-256(0x01 ‖ l ‖ r)),
//   leads to the checkpoint's root at the receipt's index (RFC 9162 §2.1.3.2);
// - at least `quorum` of the pinned witnesses cosigned that checkpoint text (c2sp.org/tlog-cosignature, cosignature/v1:
//   Ed25519 over "cosignature/v1\ntime <t>\n" ‖ checkpoint text, line bytes = key hash ‖ uint64 t ‖ signature).
// Nothing here touches the page or the network: it takes bytes and keys and returns a verdict.
"use strict";

(function (global) {
  const subtle = global.crypto && global.crypto.subtle;
  const utf8 = new TextEncoder();
  const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const MAX_SIGNATURES = 100, MAX_PROOF = 64, LOG_KEY_TYPE = 0x01, COSIGNATURE_KEY_TYPE = 0x04;
  const MAX_UINT64 = (1n << 64n) - 1n, MAX_TIMESTAMP = (1n << 63n) - 1n;

  /** A check that failed, with the step it belongs to. */
  class CheckError extends Error {
    constructor(step, message) { super(message); this.step = step; }
  }

  // ---- bytes, base64, hashing ---------------------------------------------------------------------------------

  function concat(...parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) { out.set(p, at); at += p.length; }
    return out;
  }

  function equalBytes(a, b) {
    if (a.length !== b.length) return false;
    let diff = 0;
    for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
    return diff === 0;
  }

  function encodeBase64(bytes) {
    let binary = "";
    for (const b of bytes) binary += String.fromCharCode(b);
    return btoa(binary);
  }

  /** Standard padded base64; with strict, only the canonical encoding (as the log writes hashes). Null when not base64. */
  function decodeBase64(text, strict) {
    if (typeof text !== "string" || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
    let binary;
    try { binary = atob(text); } catch { return null; }
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return strict && encodeBase64(bytes) !== text ? null : bytes;
  }

  function hex(bytes) { return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(""); }

  async function sha256(bytes) { return new Uint8Array(await subtle.digest("SHA-256", bytes)); }

  const hashLeaf = (entry) => sha256(concat(Uint8Array.of(0x00), entry));
  const hashChildren = (left, right) => sha256(concat(Uint8Array.of(0x01), left, right));

  // ---- Ed25519 through WebCrypto --------------------------------------------------------------------------------

  // RFC 8032 §7.1, test 1: the empty message signed by this key. Verifying it proves the browser really checks Ed25519.
  const RFC8032_KEY = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  const RFC8032_SIGNATURE = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
  const fromHex = (text) => Uint8Array.from(text.match(/../g), (h) => parseInt(h, 16));

  /** Null when this browser checks Ed25519 signatures with WebCrypto, else why it cannot. */
  async function ed25519Unsupported() {
    if (!global.isSecureContext || !subtle) {
      return "this page is not a secure context (https:// or localhost), so the browser offers no WebCrypto";
    }
    try {
      const key = await subtle.importKey("raw", fromHex(RFC8032_KEY), { name: "Ed25519" }, false, ["verify"]);
      const good = await subtle.verify({ name: "Ed25519" }, key, fromHex(RFC8032_SIGNATURE), new Uint8Array(0));
      const bad = await subtle.verify({ name: "Ed25519" }, key, fromHex(RFC8032_SIGNATURE), Uint8Array.of(1));
      return good && !bad ? null : "this browser's WebCrypto gives wrong Ed25519 results for the RFC 8032 test vector";
    } catch (e) {
      return "this browser's WebCrypto does not support Ed25519 (" + e.name + ")";
    }
  }

  async function verifyEd25519(publicKey, signature, message) {
    if (signature.length !== 64) return false;
    let key;
    try {
      key = await subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, ["verify"]);
    } catch {
      return false;
    }
    return subtle.verify({ name: "Ed25519" }, key, signature, message);
  }

  // ---- keys and signed notes -------------------------------------------------------------------------------------

  /** A key name is non-empty, with no white space, no '+' and no control character (as x/mod's isValidName). */
  function isValidName(name) {
    return name.length > 0 && !name.includes("+") && !/[\s\u0000-\u001f]/u.test(name);
  }

  const keyId = (name, keyHash) => name + "+" + keyHash.toString(16).padStart(8, "0");

  async function keyHashOf(name, type, key) {
    const digest = await sha256(concat(utf8.encode(name), Uint8Array.of(0x0a, type), key));
    return new DataView(digest.buffer).getUint32(0, false);
  }

  /**
   * Reads a verifier key `<name>+<8 hex key hash>+<base64(type ‖ 32-byte Ed25519 key)>` of the given type and checks its
   * key hash. Throws a CheckError of `step` saying what is wrong.
   */
  async function parseVerifierKey(text, type, step) {
    const what = type === LOG_KEY_TYPE ? "log key" : "witness key";
    const trimmed = String(text).trim();
    const first = trimmed.indexOf("+"), second = first < 0 ? -1 : trimmed.indexOf("+", first + 1);
    if (second < 0) throw new CheckError(step, `the ${what} is not <name>+<8 hex key hash>+<base64 key>`);
    const name = trimmed.slice(0, first), hashText = trimmed.slice(first + 1, second), keyText = trimmed.slice(second + 1);
    if (!isValidName(name)) throw new CheckError(step, `the ${what} has an invalid name`);
    if (!/^[0-9a-fA-F]{8}$/.test(hashText)) throw new CheckError(step, `the ${what} ${name} has a key hash that is not 8 hex digits`);
    const typed = decodeBase64(keyText, false);
    if (!typed || typed.length !== 33) throw new CheckError(step, `the ${what} ${name} does not hold base64 of a type byte and a 32-byte key`);
    if (typed[0] !== type) {
      const expected = type === LOG_KEY_TYPE ? "an Ed25519 note key (type 0x01)" : "a cosignature/v1 key (type 0x04)";
      throw new CheckError(step, `the ${what} ${name} has type 0x${typed[0].toString(16).padStart(2, "0")}; it must be ${expected}`);
    }
    const key = typed.slice(1);
    const keyHash = await keyHashOf(name, type, key);
    if (keyHash !== parseInt(hashText, 16)) {
      throw new CheckError(step, `the ${what} ${name} says key hash ${hashText.toLowerCase()}, but its key hashes to ${keyId(name, keyHash).split("+")[1]}`);
    }
    return { name, keyHash, key, id: keyId(name, keyHash), text: trimmed };
  }

  function decodeNoteText(bytes, what) {
    let text;
    try { text = strictUtf8.decode(bytes); } catch { throw new CheckError("receipt", `${what} is not valid UTF-8`); }
    if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) throw new CheckError("receipt", `${what} holds a control character`);
    return text;
  }

  /** Reads a signed note's structure (c2sp.org/signed-note) without checking any signature. */
  function parseSignedNote(bytes) {
    const note = decodeNoteText(bytes, "the checkpoint note");
    const split = note.lastIndexOf("\n\n");
    if (split < 0) throw new CheckError("receipt", "the checkpoint note has no blank line before its signatures");
    const text = note.slice(0, split + 1), rest = note.slice(split + 2);
    if (rest.length === 0) throw new CheckError("receipt", "the checkpoint note has no signature lines");
    if (!rest.endsWith("\n")) throw new CheckError("receipt", "the checkpoint note's last signature line does not end with a newline");
    const lines = rest.slice(0, -1).split("\n");
    if (lines.length > MAX_SIGNATURES) throw new CheckError("receipt", `the checkpoint note has more than ${MAX_SIGNATURES} signature lines`);
    const signatures = lines.map((line, i) => {
      if (!line.startsWith("\u2014 ")) throw new CheckError("receipt", `signature line ${i + 1} does not start with an em dash and a space`);
      const body = line.slice(2), space = body.indexOf(" ");
      const name = space < 0 ? body : body.slice(0, space), encoded = space < 0 ? "" : body.slice(space + 1);
      const raw = decodeBase64(encoded, false);
      if (!isValidName(name) || !raw || raw.length < 5) throw new CheckError("receipt", `signature line ${i + 1} is not "— <name> <base64>"`);
      const keyHash = new DataView(raw.buffer).getUint32(0, false);
      return { name, keyHash, id: keyId(name, keyHash), signature: raw.slice(4) };
    });
    return { text, textBytes: utf8.encode(text), signatures };
  }

  /** Reads checkpoint text strictly (c2sp.org/tlog-checkpoint). */
  function parseCheckpoint(text) {
    const lines = text.slice(0, -1).split("\n");
    if (!text.endsWith("\n") || lines.length < 3 || lines.some((l) => l.length === 0)) {
      throw new CheckError("checkpoint", "the signed text is not a checkpoint (origin, size and root hash lines)");
    }
    if (!/^(0|[1-9][0-9]*)$/.test(lines[1]) || BigInt(lines[1]) > MAX_UINT64) {
      throw new CheckError("checkpoint", `the checkpoint's size "${lines[1]}" is not a decimal number`);
    }
    const root = decodeBase64(lines[2], true);
    if (!root || root.length !== 32) throw new CheckError("checkpoint", "the checkpoint's root hash is not the canonical base64 of 32 bytes");
    return { origin: lines[0], size: BigInt(lines[1]), root, rootBase64: lines[2] };
  }

  // ---- receipts ------------------------------------------------------------------------------------------------

  function indexOf(bytes, byte, from) {
    for (let i = from; i < bytes.length; i++) if (bytes[i] === byte) return i;
    return -1;
  }

  /** Reads a C2SP tlog-proof (c2sp.org/tlog-proof@v1), as `oversight verify receipt` does. */
  function parseTlogProof(bytes) {
    let position = 0;
    const ascii = new TextDecoder("latin1");
    const line = (what) => {
      const end = indexOf(bytes, 0x0a, position);
      if (end < 0) throw new CheckError("receipt", `the tlog-proof ends before ${what}`);
      const text = ascii.decode(bytes.subarray(position, end));
      position = end + 1;
      return text;
    };
    if (line("the header line") !== "c2sp.org/tlog-proof@v1") throw new CheckError("receipt", "the receipt does not start with c2sp.org/tlog-proof@v1");
    let text = line("the index line");
    if (text.startsWith("extra ")) text = line("the index line");
    const index = /^index (0|[1-9][0-9]*)$/.exec(text);
    if (!index || BigInt(index[1]) > MAX_UINT64) throw new CheckError("receipt", "the tlog-proof's index line is not 'index <N>'");
    const proof = [];
    while ((text = line("the blank line before the checkpoint")).length !== 0) {
      const hash = decodeBase64(text, true);
      if (!hash || hash.length !== 32) throw new CheckError("receipt", `proof hash ${proof.length + 1} is not the canonical base64 of 32 bytes`);
      if (proof.length === MAX_PROOF) throw new CheckError("receipt", `the proof has more than ${MAX_PROOF} hashes`);
      proof.push(hash);
    }
    if (position >= bytes.length) throw new CheckError("receipt", "the tlog-proof has no checkpoint after the blank line");
    return { index: BigInt(index[1]), proof, note: bytes.slice(position) };
  }

  /**
   * A receipt from pasted or fetched text: the server's JSON receipt (with its entry), or a tlog-proof with the entry
   * given apart. Returns { index, proof, note, entry, claimedLeafHash, claims, entryReserialised }.
   */
  function readReceipt(receiptText, entryBytes) {
    const trimmed = String(receiptText).replace(/\r\n/g, "\n").trim();
    if (trimmed.startsWith("{")) {
      let json;
      try { json = JSON.parse(trimmed); } catch (e) { throw new CheckError("receipt", "the receipt looks like JSON but does not parse: " + e.message); }
      return receiptFromJson(json, entryBytes);
    }
    if (trimmed.startsWith("c2sp.org/tlog-proof@v1")) {
      const parsed = parseTlogProof(utf8.encode(trimmed + "\n"));
      if (!entryBytes || entryBytes.length === 0) {
        throw new CheckError("receipt", "a tlog-proof proves an entry given apart: paste the entry's JSON in the entry box");
      }
      return { ...parsed, entry: entryBytes, claimedLeafHash: null, claims: null, entryReserialised: false };
    }
    throw new CheckError("receipt", "the pasted text is neither a receipt's JSON, a tlog-proof nor a receipt URL");
  }

  /** The server's JSON receipt: leafIndex, leafHash, entry, checkpoint, inclusionProof, program, disbursementId. */
  function receiptFromJson(json, entryBytes) {
    if (!json || typeof json !== "object") throw new CheckError("receipt", "the receipt's JSON is not an object");
    const { leafIndex, checkpoint, inclusionProof } = json;
    if (!Number.isSafeInteger(leafIndex) || leafIndex < 0) throw new CheckError("receipt", "the receipt's leafIndex is not a whole number");
    if (typeof checkpoint !== "string") throw new CheckError("receipt", "the receipt has no checkpoint");
    if (!Array.isArray(inclusionProof) || inclusionProof.length > MAX_PROOF) throw new CheckError("receipt", "the receipt has no inclusionProof list");
    const proof = inclusionProof.map((h, i) => {
      const hash = decodeBase64(h, true);
      if (!hash || hash.length !== 32) throw new CheckError("receipt", `proof hash ${i + 1} is not the canonical base64 of 32 bytes`);
      return hash;
    });
    let entry = entryBytes, entryReserialised = false;
    if (!entry || entry.length === 0) {
      if (!json.entry || typeof json.entry !== "object") throw new CheckError("receipt", "the receipt holds no entry");
      // The log's entries are canonical JSON (RFC 8785), which is what JSON.stringify writes for them.
      entry = utf8.encode(JSON.stringify(json.entry));
      entryReserialised = true;
    }
    const claims = typeof json.program === "string" && typeof json.disbursementId === "string" ? { program: json.program, id: json.disbursementId } : null;
    return {
      index: BigInt(leafIndex), proof, note: utf8.encode(checkpoint), entry,
      claimedLeafHash: typeof json.leafHash === "string" ? json.leafHash : null, claims, entryReserialised,
    };
  }

  // ---- the inclusion proof (RFC 9162 §2.1.3.2) ---------------------------------------------------------------

  async function rootFromInclusionProof(index, size, leafHash, proof) {
    if (index >= size) throw new CheckError("inclusion", `the receipt's index ${index} is not inside the checkpoint's tree of ${size} entries`);
    let fn = index, sn = size - 1n, r = leafHash;
    for (const p of proof) {
      if (sn === 0n) throw new CheckError("inclusion", `the inclusion proof has ${proof.length} hashes, more than a tree of ${size} entries needs at index ${index}`);
      if ((fn & 1n) === 1n || fn === sn) {
        r = await hashChildren(p, r);
        while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
      } else {
        r = await hashChildren(r, p);
      }
      fn >>= 1n; sn >>= 1n;
    }
    if (sn !== 0n) throw new CheckError("inclusion", `the inclusion proof has ${proof.length} hashes, fewer than a tree of ${size} entries needs at index ${index}`);
    return r;
  }

  /**
   * Whether `proof` (base64 hashes) leads from `leafHash` at `index` to `root` in a tree of `size` leaves; throws a
   * CheckError when the index or the proof's length does not fit the tree. Used by the tests against the C# reference.
   */
  async function verifyInclusion(index, size, leafHash, proof, root) {
    const decoded = proof.map((h) => decodeBase64(h, true));
    const computed = await rootFromInclusionProof(BigInt(index), BigInt(size), decodeBase64(leafHash, true), decoded);
    return equalBytes(computed, decodeBase64(root, true));
  }

  // ---- the whole check ---------------------------------------------------------------------------------------

  /**
   * Checks `receipt` (from readReceipt) against keys the user pinned: { logKey, witnessKeys: [], quorum }. `expected`
   * ({ program, id } or null) is the disbursement the user asked for. Resolves to
   * { verified, checks: [{ step, ok: true|false|"warn", text }], failure, facts }.
   */
  async function check(receipt, keys, expected) {
    const checks = [];
    const facts = {};
    const pass = (step, text) => checks.push({ step, ok: true, text });
    const warn = (step, text) => checks.push({ step, ok: "warn", text });
    const fail = (step, text) => checks.push({ step, ok: false, text });
    const attempt = async (step, action) => {
      try { return await action(); } catch (e) {
        if (!(e instanceof CheckError)) throw e;
        fail(e.step || step, e.message);
        return undefined;
      }
    };

    const logKey = await attempt("keys", () => parseVerifierKey(keys.logKey || "", LOG_KEY_TYPE, "keys"));
    const witnesses = [];
    for (const text of keys.witnessKeys || []) {
      const witness = await attempt("keys", () => parseVerifierKey(text, COSIGNATURE_KEY_TYPE, "keys"));
      if (witness && !witnesses.some((w) => w.id === witness.id)) witnesses.push(witness);
    }

    // The checkpoint note, signed by the pinned log key: the first line of that key must verify (as x/mod's note.Open).
    const note = await attempt("receipt", () => parseSignedNote(receipt.note));
    let checkpoint;
    if (note && logKey) {
      facts.logKey = logKey.id;
      const line = note.signatures.find((s) => s.name === logKey.name && s.keyHash === logKey.keyHash);
      if (!line) {
        fail("log-signature", `the checkpoint carries no signature of your pinned log key ${logKey.id} (it is signed by ${note.signatures.map((s) => s.id).join(", ")})`);
      } else if (!(await verifyEd25519(logKey.key, line.signature, note.textBytes))) {
        fail("log-signature", `the log's signature (${logKey.id}) on the checkpoint does not verify: the checkpoint or its signature was altered`);
      } else {
        pass("log-signature", `the checkpoint is signed by your pinned log key ${logKey.id}`);
      }
      checkpoint = await attempt("checkpoint", () => parseCheckpoint(note.text));
      if (checkpoint) {
        pass("checkpoint", `checkpoint of log ${checkpoint.origin} at tree size ${checkpoint.size}`);
        Object.assign(facts, { origin: checkpoint.origin, treeSize: checkpoint.size.toString(), root: checkpoint.rootBase64 });
      }
    }

    // The entry: the disbursement asked for, and the one the receipt's leaf hash names.
    const leafHash = await hashLeaf(receipt.entry);
    facts.leafIndex = receipt.index.toString();
    facts.leafHash = encodeBase64(leafHash);
    let entry = null;
    try { entry = JSON.parse(new TextDecoder().decode(receipt.entry)); } catch { entry = null; }
    const entryProblems = [];
    if (receipt.claimedLeafHash !== null && receipt.claimedLeafHash !== facts.leafHash) {
      entryProblems.push(`the entry hashes to ${facts.leafHash}, not to the receipt's leaf hash ${receipt.claimedLeafHash}: the entry was altered`);
    }
    if (!entry || typeof entry !== "object") {
      entryProblems.push("the entry is not a JSON object");
    } else {
      Object.assign(facts, { entryId: entry.id, kind: entry.kind, program: entry.program, amount: entry.amount, currency: entry.currency, entryTime: entry.time });
      const claims = [expected, receipt.claims].filter((c, i, all) => c && !(i === 1 && all[0] && all[0].program === c.program && all[0].id === c.id));
      for (const claim of claims) {
        const id = `disbursement/${claim.program}/${claim.id}`;
        if (entry.kind !== "Disbursed" || entry.id !== id || entry.program !== claim.program) {
          entryProblems.push(`the entry is ${entry.kind} ${JSON.stringify(entry.id)}, not disbursement ${JSON.stringify(claim.id)} of program ${JSON.stringify(claim.program)}`);
        }
      }
    }
    if (entryProblems.length) fail("entry", entryProblems.join("; "));
    else pass("entry", `the entry is ${entry.kind} ${entry.id}` + (receipt.claimedLeafHash !== null ? ", with the leaf hash the receipt names" : ""));

    // The inclusion proof, against the signed root.
    if (checkpoint) {
      const root = await attempt("inclusion", () => rootFromInclusionProof(receipt.index, checkpoint.size, leafHash, receipt.proof));
      if (root && equalBytes(root, checkpoint.root)) {
        pass("inclusion", `the entry is leaf ${receipt.index} of the tree of ${checkpoint.size} entries (inclusion proof of ${receipt.proof.length} hash${receipt.proof.length === 1 ? "" : "es"} recomputed)`);
      } else if (root) {
        fail("inclusion", `the inclusion proof from leaf ${receipt.index} leads to root ${encodeBase64(root)}, but the signed checkpoint's root is ${checkpoint.rootBase64}: the entry, its index or the proof was altered`);
      }
    }

    // The witnesses' cosignatures on the checkpoint text.
    if (checkpoint && note) {
      const signed = [], missing = [];
      for (const witness of witnesses) {
        const line = note.signatures.find((s) => s.name === witness.name && s.keyHash === witness.keyHash);
        if (!line) { missing.push(`${witness.id} (no cosignature)`); continue; }
        const sig = line.signature;
        const time = sig.length === 72 ? new DataView(sig.buffer, sig.byteOffset).getBigUint64(0, false) : -1n;
        const message = concat(utf8.encode(`cosignature/v1\ntime ${time}\n`), note.textBytes);
        if (time < 0n || time > MAX_TIMESTAMP || !(await verifyEd25519(witness.key, sig.subarray(8), message))) {
          missing.push(`${witness.id} (cosignature invalid)`);
        } else {
          signed.push({ id: witness.id, name: witness.name, time: new Date(Number(time > 253402300799n ? 253402300799n : time) * 1000).toISOString().replace(".000Z", "Z") });
        }
      }
      facts.witnesses = signed;
      const quorum = witnesses.length === 0 ? 0 : Math.max(1, Math.min(keys.quorum || 1, witnesses.length));
      facts.quorum = quorum;
      if (quorum === 0) {
        warn("witnesses", "no witness was required, so the checkpoint's cosignatures were not checked: pin witness keys to be protected from a log that shows you a different history than others");
      } else if (signed.length >= quorum) {
        pass("witnesses", `witness quorum ${quorum} of ${witnesses.length} met: cosigned by ${signed.map((s) => `${s.name} at ${s.time}`).join(", ")}`
          + (missing.length ? `; not by ${missing.join(", ")}` : ""));
      } else {
        fail("witnesses", `witness quorum not met: ${signed.length} of the ${quorum} required cosignatures; missing: ${missing.join("; ")}`);
      }
    }

    const failed = checks.filter((c) => c.ok === false);
    return { verified: failed.length === 0 && checkpoint !== undefined && logKey !== undefined, checks, failure: failed.length ? failed[0] : null, facts };
  }

  global.ReceiptCheck = Object.freeze({ CheckError, check, readReceipt, parseTlogProof, verifyInclusion, parseVerifierKey, ed25519Unsupported, LOG_KEY_TYPE, COSIGNATURE_KEY_TYPE });
})(window);
