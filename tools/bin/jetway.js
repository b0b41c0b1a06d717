#!/usr/bin/env node
// `jetway` on PATH (npm link / npx jetway): the CLI's TypeScript through SWC, on the checkout's
// own Node 24 (node_modules/node, the `node@24` devDependency) whatever Node started this file,
// with the checkout's tsconfig (its @jetway/* paths) whatever the working directory.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join, resolve } = require('node:path');

const root = resolve(__dirname, '../..');
const node24 = join(root, 'node_modules', 'node', 'bin', 'node');
if (process.versions.node.split('.')[0] !== '24') {
  if (!existsSync(node24)) {
    process.stderr.write(`jetway: needs Node 24 (this is ${process.version}); run \`npm ci\` in ${root} to install it\n`);
    process.exit(2);
  }
  const child = spawnSync(node24, [__filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}
process.env.SWC_NODE_PROJECT = join(root, 'tsconfig.json');
require('@swc-node/register');
require('../../apps/cli/src/main.ts');
