/**
 * Runs the SMTP dialogue transcripts in tests/dialogs/*.dialog through the
 * session driver over in-memory streams, with an in-memory queue and a fixed
 * clock. Transcript lines:
 *
 * - `# …` a comment; blank lines are ignored
 * - `set KEY VALUE…` session settings (greeting, databytes, relayclient,
 *   rcpthosts, badmailfrom, remotehost, localiphost NAME IP…, maxrcpt,
 *   maxline, queue CODE to make the queue fail with that qmail-queue code)
 * - `C: text` a client line, sent with CRLF; consecutive client lines are
 *   sent in one packet (pipelining)
 * - `R: text` raw client bytes without CRLF (escapes `\r \n \\ \xHH`)
 * - `S: text` the next reply line, exactly; `S~ text` a reply starting so
 * - `Q: sender -> rcpt, rcpt` the next queued envelope
 * - `M: text` the next line of that message (after the Received field)
 * - `E: code` the session's exit code
 *
 * @module
 */

import assert from "node:assert/strict";
import { serveSmtp } from "./serve.ts";
import type { SessionConfig } from "./session.ts";
import type { Envelope } from "../queue/envelope.ts";
import { QueueError } from "../queue/errors.ts";
import { BadMailFrom, RcptHosts } from "../control/mod.ts";
import { bytesToLatin1 } from "../text/latin1.ts";

const DIR = new URL("../../tests/dialogs/", import.meta.url);

/** Decodes `\r \n \\ \xHH` escapes into latin1 characters. */
function unescape(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|r|n|\\)/g, (_, e: string) => {
    if (e === "r") return "\r";
    if (e === "n") return "\n";
    if (e === "\\") return "\\";
    return String.fromCharCode(parseInt(e.slice(1), 16));
  });
}

function bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

interface Transcript {
  config: SessionConfig;
  maxLine?: number;
  queueFailure?: number;
  packets: Uint8Array[];
  replies: { text: string; prefix: boolean }[];
  queued: { sender: string; recipients: string[]; lines: string[] }[];
  exit?: number;
}

function parse(text: string): Transcript {
  const config: SessionConfig = {
    greeting: "test.example",
    databytes: 0,
    remoteHost: "unknown",
    badMailFrom: () => false,
    rcptAllowed: () => true,
    maxRecipients: 1000,
  };
  const t: Transcript = { config, packets: [], replies: [], queued: [] };
  let packet = "";
  let lastWasClient = false;
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "");
    if (line === "" || line.startsWith("#")) continue;
    const tag = line.slice(0, 2);
    const rest = line.slice(3);
    const client = tag === "C:" || tag === "R:";
    if (!client && lastWasClient) {
      t.packets.push(bytes(packet));
      packet = "";
    }
    lastWasClient = client;
    if (tag === "C:") packet += unescape(rest) + "\r\n";
    else if (tag === "R:") packet += unescape(rest);
    else if (tag === "S:" || tag === "S~") t.replies.push({ text: rest, prefix: tag === "S~" });
    else if (tag === "Q:") {
      const [sender, rcpts] = unescape(rest).split(" -> ");
      t.queued.push({ sender, recipients: rcpts.split(", "), lines: [] });
    } else if (tag === "M:") t.queued[t.queued.length - 1].lines.push(unescape(rest));
    else if (tag === "E:") t.exit = Number(rest);
    else if (line.startsWith("set ")) setting(t, line.slice(4).split(" "));
    else throw new Error(`bad transcript line: ${line}`);
  }
  if (packet) t.packets.push(bytes(packet));
  return t;
}

function setting(t: Transcript, [key, ...values]: string[]): void {
  const c = t.config;
  const v = values.join(" ");
  if (key === "greeting") c.greeting = v;
  else if (key === "databytes") c.databytes = Number(v);
  else if (key === "relayclient") c.relayClient = v;
  else if (key === "rcpthosts") {
    const rh = new RcptHosts(values);
    c.rcptAllowed = (a) => rh.allows(a);
  } else if (key === "badmailfrom") {
    const bmf = BadMailFrom.parse(values);
    c.badMailFrom = (a) => bmf.matches(a);
  } else if (key === "remotehost") c.remoteHost = v;
  else if (key === "maxrcpt") c.maxRecipients = Number(v);
  else if (key === "maxline") t.maxLine = Number(v);
  else if (key === "queue") t.queueFailure = Number(v);
  else if (key === "localiphost") {
    const [name, ...ips] = values;
    c.localIpHost = { name, isLocal: (ip) => ips.includes(ip) };
  } else throw new Error(`unknown setting ${key}`);
}

async function run(t: Transcript) {
  const packets = [...t.packets];
  const input = {
    read(p: Uint8Array): Promise<number | null> {
      const next = packets.shift();
      if (next === undefined) return Promise.resolve(null);
      if (next.length > p.length) packets.unshift(next.subarray(p.length));
      p.set(next.subarray(0, p.length));
      return Promise.resolve(Math.min(next.length, p.length));
    },
  };
  let written = "";
  const output = {
    write(p: Uint8Array): Promise<number> {
      written += bytesToLatin1(p);
      return Promise.resolve(p.length);
    },
  };
  const queued: { envelope: Envelope; message: string }[] = [];
  const code = await serveSmtp(input, output, {
    config: t.config,
    connection: {
      remoteHost: t.config.remoteHost,
      remoteIp: "192.0.2.1",
      local: "mx.test.example",
    },
    timeoutSeconds: 60,
    maxLineBytes: t.maxLine,
    now: () => new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
    queue: async (message, envelope) => {
      let text = "";
      for await (const chunk of message) text += bytesToLatin1(chunk);
      if (t.queueFailure !== undefined) throw new QueueError(t.queueFailure);
      queued.push({ envelope, message: text });
      return 4242;
    },
  });
  return { code, written, queued };
}

for (const entry of [...Deno.readDirSync(DIR)].sort((a, b) => a.name < b.name ? -1 : 1)) {
  if (!entry.name.endsWith(".dialog")) continue;
  Deno.test(`dialog ${entry.name}`, async () => {
    const t = parse(await Deno.readTextFile(new URL(entry.name, DIR)));
    const { code, written, queued } = await run(t);
    assert.ok(written.endsWith("\r\n") || written === "", "replies end in CRLF");
    const got = written === "" ? [] : written.slice(0, -2).split("\r\n");
    for (const [i, want] of t.replies.entries()) {
      const line = got[i];
      assert.ok(
        line !== undefined,
        `missing reply ${i + 1}: ${want.text}\ngot:\n${got.join("\n")}`,
      );
      if (want.prefix) {
        assert.ok(line.startsWith(want.text), `reply ${i + 1}: ${line} ≠ ${want.text}…`);
      } else assert.equal(line, want.text, `reply ${i + 1}`);
    }
    assert.equal(
      got.length,
      t.replies.length,
      `extra replies:\n${got.slice(t.replies.length).join("\n")}`,
    );
    assert.equal(queued.length, t.queued.length, "messages queued");
    for (const [i, want] of t.queued.entries()) {
      assert.equal(queued[i].envelope.sender, want.sender);
      assert.deepEqual(queued[i].envelope.recipients, want.recipients);
      const lines = queued[i].message.split("\n");
      assert.match(lines[0], /^Received: from /);
      assert.equal(lines[1], "  by mx.test.example with SMTP; 2 Jan 2024 03:04:05 -0000");
      if (want.lines.length > 0) assert.deepEqual(lines.slice(2, -1), want.lines);
    }
    if (t.exit !== undefined) assert.equal(code, t.exit, "exit code");
  });
}
