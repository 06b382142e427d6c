#!/usr/bin/env node
/** The program's own command line: serve (default), check, exec, docs. */
// First: the V8 flags must be set before the program's modules are loaded and run.
import './v8-flags';
import { Command as Program, InvalidArgumentError } from 'commander';
import { runCheck } from './check';
import { runExec } from './exec';
import { runServe } from './serve';
import { shippedGrammar } from '../shell/build';
import { VERSION } from '../version';

function intOption(min: number, max: number): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < min || n > max) throw new InvalidArgumentError(`expected a number from ${min} to ${max}`);
    return n;
  };
}

/** A model name as the router prints it: letters and digits (RTX1210, NVR510, vRX). */
function modelOption(v: string): string {
  if (!/^[A-Za-z][A-Za-z0-9-]{1,15}$/.test(v)) throw new InvalidArgumentError('expected a model name such as NVR510 or RTX1210');
  return v;
}

const program = new Program();
program
  .name('sipsh')
  .description('A router-style telnet console with an embedded SIP user agent')
  .version(VERSION)
  .enablePositionalOptions()
  .option('--config <file>', 'configuration file', './sipsh.conf')
  .option('--telnet <host:port>', 'telnet listening address', '127.0.0.1:2323')
  .option('--sip-port <n>', 'SIP port for UDP and TCP (0 = any free port)', intOption(0, 65535), 5060)
  .option('--sip-host <addresses>', 'local addresses the SIP engine binds, comma-separated (default: 127.0.0.1,::1)')
  .option('--http <host:port>', 'web setup pages address', '127.0.0.1:8080')
  .option('--no-http', 'do not serve the web setup pages')
  .option('--ssh <host:port>', 'SSH console address (serves while sshd service is on and host keys exist)', '127.0.0.1:2222')
  .option('--no-ssh', 'do not serve the SSH console')
  .option('--http-name <names>', 'host names the web pages also answer to, comma-separated (besides their address, and localhost on loopback)')
  .option('--max-sessions <n>', 'most telnet sessions at once', intOption(1, 10000), 16)
  .option('--model <name>', 'router model named by show environment and show config (RTX1210, NVR510, ...)', modelOption, 'NVR510')
  .option('--allow-remote-without-password', 'listen on a non-loopback address although no login (telnet) or administrator (web) password is set')
  .action(async (opts: { config: string; telnet: string; http: string | false; sipPort: number; sipHost?: string; maxSessions: number; allowRemoteWithoutPassword?: boolean; model: string; ssh: string | false; httpName?: string }) => {
    const { httpName, ...rest } = opts;
    process.exitCode = await runServe({ ...rest, ...(httpName !== undefined ? { httpNames: httpName.split(',').map((n) => n.trim()).filter((n) => n !== '') } : {}) });
    // Everything is closed: exit now rather than wait for a stray handle (a client's socket in
    // TIME_WAIT, a timer of a library) to let the event loop end.
    process.exit();
  });

program
  .command('check')
  .description('check a configuration file offline: print each bad line as FILE:LINE: message')
  .argument('<file>', 'configuration file')
  .action((file: string) => {
    process.exitCode = runCheck(file);
  });

program
  .command('exec')
  .description('run commands against a configuration and print what the shell would print (no network)')
  .option('--config <file>', 'configuration file', './sipsh.conf')
  .option('--admin', 'run at administrator level')
  .argument('<command...>', 'command lines, run in order')
  .action(async (commands: string[], opts: { config: string; admin?: boolean }) => {
    process.exitCode = await runExec(opts.config, commands, opts.admin === true);
  });

program
  .command('docs')
  .description('print the command reference (docs/commands.md) generated from the grammar')
  .action(async () => {
    // Loaded for this command only: serving never needs the reference.
    const { renderCommandReference } = await import('../docs/command-reference');
    process.stdout.write(renderCommandReference(shippedGrammar()));
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`sipsh: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
