#!/usr/bin/env node
// `jetway` on PATH (npm link / npx jetway): runs the CLI's TypeScript through SWC.
require('@swc-node/register');
require('../../apps/cli/src/main.ts');
