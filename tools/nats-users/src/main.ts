import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderUserFiles } from './render';

const DIR = resolve(__dirname, '../../../deploy/nats/users');

/** `npm run nats-users` writes deploy/nats/users/{planner,workers,notifier}.conf; `-- --check` only compares. */
function main(check: boolean): number {
  const stale: string[] = [];
  for (const [file, content] of renderUserFiles()) {
    const path = join(DIR, file);
    if (readFileSync(path, 'utf8') === content) continue;
    if (check) stale.push(path);
    else writeFileSync(path, content);
  }
  if (stale.length) {
    process.stderr.write(`not what the generator writes (run npm run nats-users): ${stale.join(', ')}\n`);
    return 1;
  }
  process.stdout.write(check ? 'deploy/nats/users: up to date with the step kinds\n' : 'deploy/nats/users: written\n');
  return 0;
}

process.exit(main(process.argv.includes('--check')));
