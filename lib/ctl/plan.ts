/**
 * qmailctl's verbs (the install guide's qmailctl script) as steps: what to
 * say and what to do to which service. Pure; lib/ctl/run.ts carries them out.
 *
 * @module
 */

import type { ServiceName } from "./services.ts";

/** A signal qmailctl sends. */
export type CtlSignal = "HUP" | "ALRM" | "STOP" | "CONT";

/** One thing to do. */
export type Step =
  | { do: "say"; text: string }
  | { do: "start"; services: "all" | ServiceName[] }
  | { do: "stop"; services: "all" | ServiceName[] }
  | { do: "restart"; service: ServiceName }
  /** `ifUp`: a service that is down is left alone quietly (svc -p on a down service). */
  | { do: "signal"; service: ServiceName; signal: CtlSignal; ifUp?: boolean }
  | { do: "tcpok" }
  | { do: "status" }
  | { do: "qstat" }
  | { do: "qread" }
  | { do: "cdb" }
  | { do: "help" };

/** The verbs, in the order `help` lists them. */
export const VERBS = [
  "stop",
  "start",
  "pause",
  "cont",
  "stat",
  "cdb",
  "restart",
  "doqueue",
  "reload",
  "queue",
  "alrm",
  "flush",
  "hup",
  "help",
] as const;

/** The usage line. */
export const USAGE =
  "qmailctl {start|stop|restart|doqueue|flush|reload|stat|pause|cont|cdb|queue|help}";

/** What each verb does, for `help`. */
export const HELP_TEXT = [
  "   stop -- stops mail service (smtp connections refused, nothing goes out)",
  "  start -- starts mail service (smtp connection accepted, mail can go out)",
  "  pause -- temporarily stops mail service (connections accepted, nothing leaves)",
  "   cont -- continues paused mail service",
  "   stat -- displays status of mail service",
  "    cdb -- rebuild the tcpserver cdb files (control/tcp.smtp, tcp.pop3, ...)",
  "restart -- stops and restarts smtp, sends qmail-send a TERM & restarts it",
  "doqueue -- schedules queued messages for immediate delivery",
  " reload -- sends qmail-send HUP, rereading locals and virtualdomains",
  "  queue -- shows status of queue",
  "   alrm -- same as doqueue",
  "  flush -- same as doqueue",
  "    hup -- same as reload",
].join("\n");

const LISTENERS: ServiceName[] = ["qmail-smtpd", "qmail-pop3d"];

/** The steps of a verb; undefined for an unknown verb. */
export function planVerb(verb: string): Step[] | undefined {
  const say = (text: string): Step => ({ do: "say", text });
  switch (verb) {
    case "start":
      return [say("Starting qmail"), { do: "start", services: "all" }];
    case "stop":
      return [say("Stopping qmail..."), { do: "stop", services: [...LISTENERS, "qmail-send"] }];
    case "stat":
      return [{ do: "status" }, { do: "qstat" }];
    case "doqueue":
    case "alrm":
    case "flush":
      return [
        say("Flushing timeout table and sending ALRM signal to qmail-send."),
        { do: "tcpok" },
        { do: "signal", service: "qmail-send", signal: "ALRM" },
      ];
    case "queue":
      return [{ do: "qstat" }, { do: "qread" }];
    case "reload":
    case "hup":
      return [
        say("Sending HUP signal to qmail-send."),
        { do: "signal", service: "qmail-send", signal: "HUP" },
      ];
    case "pause":
    case "cont": {
      const [word, signal] = verb === "pause" ? ["Pausing", "STOP"] as const : [
        "Continuing",
        "CONT",
      ] as const;
      return (["qmail-send", "qmail-smtpd"] as const).flatMap((service) => [
        say(`${word} ${service}`),
        { do: "signal", service, signal, ifUp: true } as Step,
      ]);
    }
    case "restart":
      return [
        say("Restarting qmail:"),
        say("* Stopping qmail-smtpd."),
        { do: "stop", services: LISTENERS },
        say("* Sending qmail-send SIGTERM and restarting."),
        { do: "restart", service: "qmail-send" },
        say("* Restarting qmail-smtpd."),
        { do: "start", services: LISTENERS },
      ];
    case "cdb":
      return [{ do: "cdb" }];
    case "help":
      return [{ do: "help" }];
  }
  return undefined;
}
