/**
 * What a system install adds to the tree, following the install guide's
 * steps after `make setup check`: control/defaultdelivery (rc's mailbox
 * choice), control/concurrencyincoming (20) and control/tcp.smtp allowing
 * relay from 127. (compiled to tcp.smtp.cdb), the system aliases, the systemd
 * units (enabled on request), and sendmail links (on request). What exists is
 * kept.
 *
 * @module
 */

import { parseRules } from "../tcprules/parse.ts";
import { writeRulesCdb } from "../tcprules/compile.ts";
import { bytesToLatin1 } from "../text/latin1.ts";
import { missingAliases, writeAliases } from "./aliases.ts";
import { replaceSendmail } from "./sendmail_links.ts";
import { writeUnits } from "./units.ts";

/** Options of {@linkcode finishSystemInstall}. */
export interface SystemInstallOptions {
  /** The install root ("" for /). */
  root: string;
  /** QMAILHOME as the installed system sees it (the tree is at root + home). */
  home: string;
  /** The account qmail-smtpd runs as. */
  qmaild: string;
  /** Who gets postmaster, mailer-daemon, root and abuse mail; undefined: leave them. */
  admin?: string;
  defaultDelivery: string;
  /** Write the systemd units. */
  units: boolean;
  enable: boolean;
  replaceSendmail: boolean;
}

function createFile(path: string, text: string): boolean {
  try {
    Deno.writeTextFileSync(path, text, { createNew: true, mode: 0o644 });
    Deno.chmodSync(path, 0o644);
    return true;
  } catch (e) {
    if (e instanceof Deno.errors.AlreadyExists) return false;
    throw e;
  }
}

/** Does the steps; returns lines describing what was done. */
export async function finishSystemInstall(o: SystemInstallOptions): Promise<string[]> {
  const log: string[] = [];
  const tree = `${o.root}${o.home}`;
  const control = `${tree}/control`;
  if (createFile(`${control}/defaultdelivery`, `${o.defaultDelivery}\n`)) {
    log.push(`control/defaultdelivery: ${o.defaultDelivery}`);
  }
  createFile(`${control}/concurrencyincoming`, "20\n");
  if (createFile(`${control}/tcp.smtp`, '127.:allow,RELAYCLIENT=""\n')) {
    log.push('control/tcp.smtp: 127.:allow,RELAYCLIENT=""');
  }
  const rules = parseRules(bytesToLatin1(Deno.readFileSync(`${control}/tcp.smtp`)));
  writeRulesCdb(`${control}/tcp.smtp.cdb`, `${control}/tcp.smtp.tmp`, rules);
  Deno.chmodSync(`${control}/tcp.smtp.cdb`, 0o644);

  const aliasDir = `${tree}/alias`;
  if (o.admin) {
    for (const p of writeAliases(aliasDir, o.admin)) log.push(`alias: ${p} -> ${o.admin}`);
  }
  const missing = missingAliases(aliasDir);
  if (missing.length > 0) {
    log.push(
      `warning: no alias for ${missing.join(", ")}: run install again with --admin USER`,
    );
  }

  const unitDir = `${o.root}/etc/systemd/system`;
  if (o.units) {
    for (const p of writeUnits(unitDir, { home: o.home, qmaild: o.qmaild })) {
      log.push(`unit: ${p}`);
    }
  }
  if (o.units && o.enable) {
    const args = [...(o.root ? [`--root=${o.root}`] : []), "enable", "qmail-send.service"];
    args.push("qmail-smtpd.service");
    const r = await new Deno.Command("systemctl", { args, stdout: "piped", stderr: "piped" })
      .output();
    const dec = new TextDecoder();
    if (!r.success) throw new Error(`systemctl ${args.join(" ")}: ${dec.decode(r.stderr).trim()}`);
    log.push(`enabled qmail-send and qmail-smtpd (start them: qmailctl start)`);
  }
  if (o.replaceSendmail) log.push(...await replaceSendmail(o.root, `${o.home}/bin/sendmail`));
  return log;
}
