import 'reflect-metadata';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { stateDirsOf } from './client/state-dirs';
import { runCli } from './run-cli';

/** The checkout this CLI runs from (apps/cli/src → root): its `.jetway` is the default mesh's. */
const INSTALL_ROOT = resolve(__dirname, '../../..');

runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  write: (bytes) => process.stdout.write(bytes),
  env: process.env,
  cwd: process.cwd(),
  stateDirs: stateDirsOf(process.env, process.cwd(), INSTALL_ROOT),
  home: homedir(),
  color: Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'],
}).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`jetway: unexpected error: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
