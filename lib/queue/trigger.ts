/**
 * Pulling a trigger FIFO (qmail's triggerpull): open it for writing without
 * blocking, write one byte, close. No reader (qmail-send not running) is fine.
 *
 * @module
 */

import { closeSync, constants, openSync, writeSync } from "node:fs";

/** Wakes whoever reads the FIFO at `path`; does nothing if nobody does. */
export function pullTrigger(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch {
    return; // ENXIO: no reader; ENOENT: no trigger; qmail says "bummer" and goes on.
  }
  try {
    writeSync(fd, new Uint8Array(1));
  } catch {
    // a full FIFO already holds a wake-up
  } finally {
    closeSync(fd);
  }
}
