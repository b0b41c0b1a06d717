import 'reflect-metadata';
import { runCli } from './run-cli';

runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  color: Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'],
}).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`jetway: unexpected error: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
