/**
 * Test helpers for qmail-inject: runs the pure core on a text message with a
 * fixed clock, pid and configuration.
 *
 * @module
 */

import type { Envelope } from "../queue/envelope.ts";
import { type InjectControl, resolveConfig } from "./config.ts";
import { injectMessage, type InjectOptions } from "./inject.ts";
import { bytesToLatin1 } from "../text/latin1.ts";

/** The clock the helpers use: 26 Sep 1995 04:46:53 UTC. */
export const NOW = new Date(Date.UTC(1995, 8, 26, 4, 46, 53));
/** The pid the helpers use. */
export const PID = 12345;

/** What a test varies. */
export interface TestRun extends Partial<InjectOptions> {
  env?: Record<string, string>;
  control?: InjectControl;
  lists?: string[];
}

/** Runs injectMessage on `text` (one character per byte) and returns the message as text. */
export function inject(text: string, run: TestRun = {}): { text: string; envelope: Envelope } {
  const env: Record<string, string> = { USER: "joe", ...run.env };
  const config = resolveConfig((n) => env[n], run.control ?? { me: "heaven.af.mil" });
  const input = Uint8Array.from(text, (c) => c.charCodeAt(0));
  const { message, envelope } = injectMessage(
    input,
    {
      strategy: run.strategy ?? "default",
      recipients: run.recipients ?? [],
      sender: run.sender,
      print: run.print,
    },
    { config, now: NOW, pid: PID, mailingLists: run.lists },
  );
  return { text: bytesToLatin1(message), envelope };
}

/** The header lines qmail-inject adds to every plain message with the helpers' defaults. */
export const STAMPS = "Date: 26 Sep 1995 04:46:53 -0000\n" +
  "Message-ID: <19950926044653.12345.qmail@heaven.af.mil>\n";
