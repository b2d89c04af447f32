/**
 * What qmail-send makes of a todo/N file (qmail-send.c todo_do), as a pure
 * function: the info/N contents (the `F` record), the `T` records for
 * local/N and remote/N after recipient rewriting, and the injector's uid
 * and pid for the `info msg` log line.
 *
 * @module
 */

import type { RecipientRoute } from "../control/rewrite.ts";
import { parseRecords, scanUlong } from "./records.ts";
import type { Channel } from "./schedule.ts";

/** Anything that routes a recipient (lib/control's RecipientRouter). */
export interface Router {
  route(recipient: string): RecipientRoute;
}

/** One step of preprocessing, in file order, for the driver to log and write. */
export type TodoItem =
  | { kind: "sender"; sender: string; uid: number; pid: number }
  | { kind: "recipient"; channel: Channel; address: string };

/** The preprocessing of one todo file. */
export interface TodoPlan {
  items: TodoItem[];
  /** The type byte of a record qmail-send does not know, if one was met (the plan stops there). */
  unknown?: string;
}

/** Plans the preprocessing of todo/N's bytes with `router`. */
export function planTodo(bytes: Uint8Array, router: Router): TodoPlan {
  const items: TodoItem[] = [];
  let uid = 0;
  let pid = 0;
  for (const r of parseRecords(bytes)) {
    switch (r.type) {
      case "u":
        uid = scanUlong(r.text);
        break;
      case "p":
        pid = scanUlong(r.text);
        break;
      case "F":
        items.push({ kind: "sender", sender: r.text, uid, pid });
        break;
      case "T": {
        const route = router.route(r.text);
        items.push({ kind: "recipient", channel: route.channel, address: route.address });
        break;
      }
      default:
        return { items, unknown: r.type };
    }
  }
  return { items };
}
