// The verification page: pinned keys (kept in localStorage), where the receipt comes from (a program and disbursement
// id fetched from this server, a pasted receipt, or a receipt URL), and the verdict of ReceiptCheck. Everything the user
// or the server provides is written into the page as text (textContent, input values), never as HTML.
"use strict";

(function () {
  const check = window.ReceiptCheck;
  const $ = (id) => document.getElementById(id);
  const STORE = { logKey: "oversight.verify.logKey", witnessKeys: "oversight.verify.witnessKeys", quorum: "oversight.verify.quorum" };
  const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
  const ID_RULE = "1 to 64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit";
  const RECEIPT_PATH = /^\/api\/programs\/([^/]+)\/disbursements\/([^/]+)(?:\/(?:receipt\.tlog-proof|entry))?\/?$/;
  const utf8 = new TextEncoder();
  let unsupported = null;

  // ---- pinned keys -----------------------------------------------------------------------------------------------

  function storage() {
    try { return window.localStorage; } catch { return null; }
  }

  function readPinned() {
    const store = storage();
    if (!store) return null;
    const logKey = store.getItem(STORE.logKey);
    if (!logKey) return null;
    return {
      logKey,
      witnessKeys: (store.getItem(STORE.witnessKeys) || "").split("\n").filter((k) => k.length > 0),
      quorum: Number(store.getItem(STORE.quorum) || "0"),
    };
  }

  const keyLines = (text) => text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0 && !l.startsWith("#"));

  function showPinned(pinnedKeys) {
    const status = $("pin-status");
    status.dataset.state = pinnedKeys ? "pinned" : "none";
    if (!pinnedKeys) {
      status.textContent = storage() ? "No key is pinned in this browser yet." : "This browser does not let the page keep keys (storage is off).";
      return;
    }
    $("log-key").value = pinnedKeys.logKey;
    $("witness-keys").value = pinnedKeys.witnessKeys.join("\n");
    $("quorum").value = String(pinnedKeys.quorum);
    const witnesses = pinnedKeys.witnessKeys.length
      ? `${pinnedKeys.witnessKeys.length} witness key(s), ${pinnedKeys.quorum} cosignature(s) required`
      : "no witness key (cosignatures are not required)";
    status.textContent = `Pinned in this browser: log key ${pinnedKeys.logKey.split("+").slice(0, 2).join("+")}; ${witnesses}.`;
  }

  async function pin() {
    const status = $("pin-status");
    const logKey = $("log-key").value.trim();
    const witnessKeys = [...new Set(keyLines($("witness-keys").value))];
    const quorumText = $("quorum").value.trim();
    const quorum = quorumText === "" ? (witnessKeys.length ? 1 : 0) : Number(quorumText);
    try {
      if (unsupported) throw new check.CheckError("keys", "keys cannot be checked: " + unsupported);
      await check.parseVerifierKey(logKey, check.LOG_KEY_TYPE, "keys");
      const seen = new Set();
      for (const key of witnessKeys) {
        const witness = await check.parseVerifierKey(key, check.COSIGNATURE_KEY_TYPE, "keys");
        if (seen.has(witness.id)) throw new check.CheckError("keys", `two witness keys share the name and key hash ${witness.id}`);
        seen.add(witness.id);
      }
      const lowest = witnessKeys.length ? 1 : 0;
      if (!Number.isInteger(quorum) || quorum < lowest || quorum > witnessKeys.length) {
        throw new check.CheckError("keys", `the number of cosignatures required must be between ${lowest} and the number of witness keys (${witnessKeys.length})`);
      }
    } catch (e) {
      if (!(e instanceof check.CheckError)) throw e;
      status.dataset.state = "error";
      status.textContent = "Not pinned: " + e.message + ".";
      return;
    }
    const store = storage();
    if (!store) {
      status.dataset.state = "error";
      status.textContent = "Not pinned: this browser does not let the page keep keys (storage is off).";
      return;
    }
    store.setItem(STORE.logKey, logKey);
    store.setItem(STORE.witnessKeys, witnessKeys.join("\n"));
    store.setItem(STORE.quorum, String(quorum));
    showPinned(readPinned());
  }

  function forget() {
    const store = storage();
    if (store) Object.values(STORE).forEach((k) => store.removeItem(k));
    $("log-key").value = "";
    $("witness-keys").value = "";
    $("quorum").value = "1";
    showPinned(null);
  }

  async function suggest() {
    const status = $("pin-status");
    try {
      const key = await fetchFromServer("/log/key", "text");
      const witnesses = await fetchFromServer("/api/witnesses", "json");
      $("log-key").value = key.trim();
      const keys = Array.isArray(witnesses) ? witnesses.map((w) => w && w.verifierKey).filter((k) => typeof k === "string") : [];
      $("witness-keys").value = keys.join("\n");
      $("quorum").value = String(keys.length ? 1 : 0);
      status.dataset.state = "suggested";
      status.textContent = "These keys came from this server and are NOT pinned. A dishonest operator would suggest its own keys: "
        + "compare them with copies you got another way, then click “Pin these keys”.";
    } catch (e) {
      status.dataset.state = "error";
      status.textContent = "Could not fetch the server's keys: " + e.message;
    }
  }

  // ---- fetching ------------------------------------------------------------------------------------------------

  class FetchError extends Error {
    constructor(message, status) { super(message); this.status = status; }
  }

  async function fetchFromServer(path, kind) {
    let response;
    try {
      response = await fetch(path, { credentials: "omit", cache: "no-store", redirect: "error", headers: { Accept: kind === "json" ? "application/json" : "*/*" } });
    } catch (e) {
      throw new FetchError(`${path} could not be fetched (${e.message})`, 0);
    }
    if (!response.ok) throw new FetchError(`${path} answered HTTP ${response.status}`, response.status);
    if (kind === "json") return response.json();
    if (kind === "bytes") return new Uint8Array(await response.arrayBuffer());
    return response.text();
  }

  async function fetchReceipt(program, id) {
    const base = `/api/programs/${encodeURIComponent(program)}/disbursements/${encodeURIComponent(id)}`;
    let json;
    try {
      json = await fetchFromServer(base, "json");
    } catch (e) {
      if (e instanceof FetchError && e.status === 404) {
        throw new check.CheckError("receipt", `this server has no receipt for disbursement “${id}” of program “${program}”`);
      }
      throw new check.CheckError("receipt", "the receipt could not be fetched: " + e.message);
    }
    let entry;
    try {
      entry = await fetchFromServer(base + "/entry", "bytes");
    } catch (e) {
      throw new check.CheckError("receipt", "the entry could not be fetched: " + e.message);
    }
    return check.readReceipt(JSON.stringify(json), entry);
  }

  // ---- where the receipt comes from ----------------------------------------------------------------------------

  function requireIds(program, id) {
    if (!ID.test(program)) throw new check.CheckError("receipt", `“${program}” is not a program id (${ID_RULE})`);
    if (!ID.test(id)) throw new check.CheckError("receipt", `“${id}” is not a disbursement id (${ID_RULE})`);
    return { program, id };
  }

  /** The program and disbursement a receipt URL (or a link to this page) names; only this server's URLs can be fetched. */
  function idsFromUrl(text) {
    let url;
    try { url = new URL(text, window.location.origin); } catch { throw new check.CheckError("receipt", "the receipt URL is not a URL"); }
    if (url.origin !== window.location.origin) {
      throw new check.CheckError("receipt", `this page fetches receipts only from ${window.location.origin} (its security policy forbids other sites): `
        + `open the /verify page of ${url.origin}, or paste the receipt's text here`);
    }
    if (url.pathname === "/verify") {
      return requireIds(url.searchParams.get("program") || "", url.searchParams.get("id") || "");
    }
    const match = RECEIPT_PATH.exec(url.pathname);
    if (!match) throw new check.CheckError("receipt", "the URL is not a receipt's: /api/programs/<program>/disbursements/<id>");
    let program, id;
    try { program = decodeURIComponent(match[1]); id = decodeURIComponent(match[2]); } catch { throw new check.CheckError("receipt", "the receipt URL is not well-formed"); }
    return requireIds(program, id);
  }

  /** The receipt to check and the disbursement it must be ({ receipt, expected }). */
  async function gather() {
    const pasted = $("receipt").value.trim();
    if (/^(https?:\/\/|\/)/i.test(pasted)) {
      const ids = idsFromUrl(pasted);
      return { receipt: await fetchReceipt(ids.program, ids.id), expected: ids };
    }
    if (pasted.length > 0) {
      const entryText = $("entry").value.trim();
      return { receipt: check.readReceipt(pasted, entryText ? utf8.encode(entryText) : null), expected: null };
    }
    const ids = requireIds($("program").value.trim(), $("id").value.trim());
    window.history.replaceState(null, "", `/verify?program=${encodeURIComponent(ids.program)}&id=${encodeURIComponent(ids.id)}`);
    return { receipt: await fetchReceipt(ids.program, ids.id), expected: ids };
  }

  // ---- the verdict ----------------------------------------------------------------------------------------------

  function clear(element) {
    while (element.firstChild) element.removeChild(element.firstChild);
  }

  function render(state, title, detail, result) {
    const verdict = $("verdict");
    $("verdict-title").textContent = title;
    $("verdict-detail").textContent = detail;
    const list = $("verdict-checks"), facts = $("verdict-facts");
    clear(list);
    clear(facts);
    for (const item of (result && result.checks) || []) {
      const li = document.createElement("li");
      li.dataset.step = item.step;
      li.dataset.ok = String(item.ok);
      li.textContent = item.text;
      list.appendChild(li);
    }
    const f = (result && result.facts) || {};
    const rows = [
      ["Disbursement", f.entryId], ["Program", f.program], ["Amount", f.amount && `${f.amount} ${f.currency || ""}`.trim()], ["Entry time", f.entryTime],
      ["Leaf index", f.leafIndex], ["Tree size", f.treeSize], ["Root", f.root], ["Log", f.origin], ["Log key (pinned)", f.logKey],
      ["Witnesses", f.witnesses && (f.witnesses.length ? f.witnesses.map((w) => `${w.name} at ${w.time}`).join(", ") : "none")],
      ["Checked", result ? new Date().toISOString().replace(/\.\d+Z$/, "Z") + " in this browser" : undefined],
    ];
    for (const [name, value] of rows) {
      if (value === undefined || value === null || value === "") continue;
      const dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = name;
      dd.textContent = String(value);
      facts.append(dt, dd);
    }
    verdict.dataset.state = state;
    // On a phone the verdict is below the fold: bring it into view once there is one.
    if (state !== "working" && state !== "idle" && typeof verdict.scrollIntoView === "function") verdict.scrollIntoView({ block: "nearest" });
  }

  async function verify() {
    if (unsupported) {
      render("unsupported", "Cannot verify in this browser", `Nothing was verified: ${unsupported}. Use a current browser, or the oversight command line.`, null);
      return;
    }
    const pinnedKeys = readPinned();
    if (!pinnedKeys) {
      render("needs-keys", "Pin the log's key first", "Nothing was verified: enter the log's verifier key (and your witnesses' keys) above and click “Pin these keys”.", null);
      return;
    }
    render("working", "Checking…", "", null);
    let result;
    try {
      const { receipt, expected } = await gather();
      result = await check.check(receipt, pinnedKeys, expected);
    } catch (e) {
      if (!(e instanceof check.CheckError)) {
        render("failed", "Not verified", "The check stopped: " + (e && e.message ? e.message : String(e)), null);
        throw e;
      }
      render("failed", "Not verified", e.message, { checks: [{ step: e.step, ok: false, text: e.message }], facts: {} });
      return;
    }
    if (result.verified) {
      const warning = result.checks.find((c) => c.ok === "warn");
      render("verified", "Verified in your browser", warning ? "Verified, but " + warning.text + "." : "Every check passed with the keys you pinned.", result);
    } else {
      render("failed", "Not verified", result.failure ? result.failure.text : "the receipt could not be checked", result);
    }
  }

  // ---- start -----------------------------------------------------------------------------------------------------

  async function start() {
    $("pin").addEventListener("click", () => { pin(); });
    $("suggest").addEventListener("click", () => { suggest(); });
    $("forget").addEventListener("click", forget);
    $("check").addEventListener("submit", (event) => { event.preventDefault(); verify(); });
    showPinned(readPinned());
    unsupported = await check.ed25519Unsupported();
    if (unsupported) {
      const support = $("support");
      support.textContent = `This browser cannot verify receipts: ${unsupported}. Nothing on this page will say “verified”.`;
      support.hidden = false;
    }
    const query = new URLSearchParams(window.location.search);
    const program = query.get("program"), id = query.get("id");
    if (program !== null) $("program").value = program;
    if (id !== null) $("id").value = id;
    document.body.dataset.ready = "true";
    if (program !== null || id !== null) await verify();
  }

  start();
})();
