/**
 * This host's addresses (qmail's ipme): 0.0.0.0 ("this host", RFC 1122
 * §3.2.1.3) and every interface address. qmail-remote refuses to send to
 * an MX that is one of them unless a better MX exists.
 *
 * @module
 */

/** The set of this host's addresses; `extra` adds some (tests, unusual setups). */
export function localAddresses(extra: string[] = []): Set<string> {
  const out = new Set<string>(["0.0.0.0", "::", ...extra]);
  try {
    for (const i of Deno.networkInterfaces()) out.add(i.address.replace(/%.*$/, ""));
  } catch {
    // Without permission to list interfaces, the loopback address stands for them.
    out.add("127.0.0.1");
    out.add("::1");
  }
  return out;
}
