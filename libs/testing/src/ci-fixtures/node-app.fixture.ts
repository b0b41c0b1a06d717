import { nodeLockfile } from './npm-lockfile';

/**
 * A Node app with no dependencies: `node --test` tests, a `build` script writing `dist/`, a
 * hand-written v3 lockfile (valid for `npm ci`: nothing to install), engines and `.nvmrc`, a
 * multi-stage Dockerfile and an older GitHub Actions workflow (existing CI).
 */
export function nodeAppFiles(): Record<string, string> {
  const manifest = {
    name: 'hello-node',
    version: '1.0.0',
    private: true,
    description: 'A tiny HTTP greeting service (a Jetway CI fixture)',
    main: 'src/server.js',
    engines: { node: '>=20' },
    scripts: {
      build: 'node scripts/build.js',
      test: 'node --test',
      'test:coverage': 'node --test --experimental-test-coverage',
      start: 'node src/server.js',
    },
  };
  return {
    'package.json': `${JSON.stringify(manifest, null, 2)}\n`,
    'package-lock.json': nodeLockfile('hello-node', '1.0.0'),
    '.nvmrc': '22\n',
    '.gitignore': 'node_modules/\ndist/\ncoverage/\n',
    'src/greet.js': "'use strict';\n\nfunction greet(name) {\n  return `hello, ${name || 'world'}`;\n}\n\nmodule.exports = { greet };\n",
    'src/server.js': [
      "'use strict';",
      "const { createServer } = require('node:http');",
      "const { greet } = require('./greet');",
      '',
      "const port = Number(process.env.PORT || 3000);",
      "createServer((req, res) => res.end(`${greet(new URL(req.url, 'http://x').searchParams.get('name'))}\\n`)).listen(port);",
      '',
    ].join('\n'),
    'test/greet.test.js': [
      "'use strict';",
      "const test = require('node:test');",
      "const assert = require('node:assert/strict');",
      "const { greet } = require('../src/greet');",
      '',
      "test('greets by name', () => assert.equal(greet('ada'), 'hello, ada'));",
      "test('greets the world by default', () => assert.equal(greet(), 'hello, world'));",
      '',
    ].join('\n'),
    'scripts/build.js': [
      "'use strict';",
      "const { cpSync, mkdirSync } = require('node:fs');",
      '',
      "mkdirSync('dist', { recursive: true });",
      "cpSync('src', 'dist', { recursive: true });",
      "console.log('built dist/');",
      '',
    ].join('\n'),
    Dockerfile: [
      'FROM node:22-alpine AS build',
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      'RUN npm ci',
      'COPY . .',
      'RUN npm run build',
      '',
      'FROM node:22-alpine',
      'WORKDIR /app',
      'COPY --from=build /app/dist ./dist',
      'USER node',
      'CMD ["node", "dist/server.js"]',
      '',
    ].join('\n'),
    '.github/workflows/old.yml': [
      'name: old-ci',
      'on: [push]',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v2',
      '      - run: npm install && npm test',
      '',
    ].join('\n'),
  };
}
