/**
 * tcp-env(1): set up tcp-environ(5) for the TCP connection on descriptor 0
 * and run a program on it, as inetd lines do
 * (`tcp-env qmail-smtpd`). See lib/net/tcp_env.ts.
 *
 * @module
 */

import { nextCommand } from "../lib/cli/next_program.ts";
import { dnsHostLookup } from "../lib/net/hosts.ts";
import { TCP_ENV_USAGE, tcpEnvironment, tcpEnvProgram } from "../lib/net/tcp_env.ts";
import { fd0TcpEnds } from "../lib/sandbox/host.ts";
import { programs } from "./registry.ts";

/** Runs the program with the connection's environment; 111 when there is no TCP connection. */
export async function main(args: string[]): Promise<number> {
  const argv = tcpEnvProgram(args);
  if (!argv) {
    console.error(TCP_ENV_USAGE);
    return 100;
  }
  let env: Record<string, string>;
  try {
    env = await tcpEnvironment(Deno.env.toObject(), fd0TcpEnds, dnsHostLookup());
  } catch (e) {
    console.error(`tcp-env: fatal: ${e instanceof Error ? e.message : e}`);
    return 111;
  }
  const [cmd, cmdArgs] = nextCommand(argv, (n) => Object.hasOwn(programs, n));
  try {
    const st = await new Deno.Command(cmd, {
      args: cmdArgs,
      env,
      clearEnv: true,
      stdin: "inherit",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn().status;
    return st.signal ? 111 : st.code;
  } catch (e) {
    console.error(`tcp-env: fatal: unable to run ${cmd}: ${e instanceof Error ? e.message : e}`);
    return 111;
  }
}
