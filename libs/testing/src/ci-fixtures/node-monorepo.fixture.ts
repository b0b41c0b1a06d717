import { nodeLockfile, type LockedWorkspace } from './npm-lockfile';

const MEMBERS: LockedWorkspace[] = [
  { path: 'services/api', name: '@shop/api', version: '1.0.0' },
  { path: 'services/web', name: '@shop/web', version: '1.0.0' },
];

/**
 * An npm-workspaces monorepo with two services, each with its own `node --test` tests: `api`
 * has a build script and a Dockerfile, `web` measures coverage with Node's own test coverage and
 * pins its Node version in `.node-version`. The root lockfile links both members; the root
 * carries a `.travis.yml` (existing CI).
 */
export function nodeMonorepoFiles(): Record<string, string> {
  const root = {
    name: 'shop',
    version: '1.0.0',
    private: true,
    workspaces: ['services/*'],
    engines: { node: '>=20' },
    scripts: { test: 'npm test --workspaces', build: 'npm run build --workspaces --if-present' },
  };
  return {
    'package.json': json(root),
    'package-lock.json': nodeLockfile('shop', '1.0.0', { globs: root.workspaces, members: MEMBERS }),
    '.gitignore': 'node_modules/\ndist/\n',
    '.travis.yml': 'language: node_js\nnode_js:\n  - "20"\nscript: npm test\n',
    'services/api/package.json': json({
      name: '@shop/api',
      version: '1.0.0',
      private: true,
      scripts: { build: 'node build.js', test: 'node --test' },
    }),
    'services/api/src/prices.js': "'use strict';\n\nfunction total(items) {\n  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);\n}\n\nmodule.exports = { total };\n",
    'services/api/test/prices.test.js': testFile("const { total } = require('../src/prices');", "test('totals the cart', () => assert.equal(total([{ price: 2, quantity: 3 }, { price: 1, quantity: 1 }]), 7));"),
    'services/api/build.js': "'use strict';\nconst { cpSync } = require('node:fs');\n\ncpSync('src', 'dist', { recursive: true });\n",
    'services/api/Dockerfile': 'FROM node:22-alpine\nWORKDIR /app\nCOPY src ./src\nUSER node\nCMD ["node", "src/prices.js"]\n',
    'services/web/package.json': json({
      name: '@shop/web',
      version: '1.0.0',
      private: true,
      scripts: { test: 'node --test --experimental-test-coverage' },
    }),
    'services/web/.node-version': '22.11.0\n',
    'services/web/src/page.js': "'use strict';\n\nfunction title(name) {\n  return `<h1>${name}</h1>`;\n}\n\nmodule.exports = { title };\n",
    'services/web/test/page.test.js': testFile("const { title } = require('../src/page');", "test('renders the title', () => assert.equal(title('shop'), '<h1>shop</h1>'));"),
  };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function testFile(requireLine: string, testLine: string): string {
  return ["'use strict';", "const test = require('node:test');", "const assert = require('node:assert/strict');", requireLine, '', testLine, ''].join('\n');
}
