/**
 * qmail's config-fast: control/me, defaultdomain, plusdomain from one fully
 * qualified host name, and the host appended to locals and rcpthosts.
 *
 * @module
 */

/** config-fast's defaultdomain: the name without its first label, if two dots remain. */
export function defaultDomainOf(fqdn: string): string {
  const m = /^[^.]*\.([^.]*\.)/.exec(fqdn);
  return m ? fqdn.slice(m[0].length - m[1].length) : fqdn;
}

/** config-fast's plusdomain: the last two labels, when there are at least three. */
export function plusDomainOf(fqdn: string): string {
  const m = /^.*\.([^.]*)\.([^.]*)$/.exec(fqdn);
  return m ? `${m[1]}.${m[2]}` : fqdn;
}

function put(path: string, text: string, append = false): void {
  Deno.writeTextFileSync(path, text, { append, mode: 0o644 });
  Deno.chmodSync(path, 0o644);
}

/** Writes the five control files; returns the lines config-fast prints. */
export function configFast(home: string, fqdn: string): string[] {
  const c = `${home}/control`;
  const ddom = defaultDomainOf(fqdn);
  const pdom = plusDomainOf(fqdn);
  put(`${c}/me`, `${fqdn}\n`);
  put(`${c}/defaultdomain`, `${ddom}\n`);
  put(`${c}/plusdomain`, `${pdom}\n`);
  put(`${c}/locals`, `${fqdn}\n`, true);
  put(`${c}/rcpthosts`, `${fqdn}\n`, true);
  return [
    `Your fully qualified host name is ${fqdn}.`,
    `Putting ${fqdn} into control/me...`,
    `Putting ${ddom} into control/defaultdomain...`,
    `Putting ${pdom} into control/plusdomain...`,
    `Putting ${fqdn} into control/locals...`,
    `Putting ${fqdn} into control/rcpthosts...`,
    `Now qmail will refuse to accept SMTP messages except to ${fqdn}.`,
    "Make sure to change rcpthosts if you add hosts to locals or virtualdomains!",
  ];
}
