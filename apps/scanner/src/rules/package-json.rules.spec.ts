import { packageInstallScriptRule } from './package-install-script.rule';
import { packageMissingLockfileRule } from './package-missing-lockfile.rule';
import { isUnpinned, packageUnpinnedDependencyRule } from './package-unpinned-dependency.rule';
import type { Rule } from './rule.model';

function run(rule: Rule, manifest: object, path = 'package.json', others: string[] = []) {
  const text = JSON.stringify(manifest, null, 2);
  return rule.appliesTo(path) ? rule.check({ path, text }, { paths: new Set([path, ...others]) }) : [];
}

describe('package/unpinned-dependency', () => {
  it('reports *, latest and git sources on their own lines', () => {
    const manifest = {
      name: 'app',
      dependencies: { express: '^4.19.2', lodash: '*', left: 'github:user/left-pad' },
      devDependencies: { jest: 'latest', util: 'git+https://example.com/util.git' },
      peerDependencies: { react: '*' },
    };
    expect(run(packageUnpinnedDependencyRule, manifest)).toEqual([
      { line: 5, message: 'dependencies.lodash is "*", which can resolve to different code on every install' },
      { line: 6, message: expect.stringContaining('dependencies.left') },
      { line: 9, message: expect.stringContaining('devDependencies.jest is "latest"') },
      { line: 10, message: expect.stringContaining('devDependencies.util') },
    ]);
  });

  it('accepts ranges and exact versions, and skips node_modules', () => {
    expect(run(packageUnpinnedDependencyRule, { dependencies: { a: '1.2.3', b: '~2.0.0', c: 'npm:d@^1' } })).toEqual([]);
    expect(run(packageUnpinnedDependencyRule, { dependencies: { a: '*' } }, 'node_modules/x/package.json')).toEqual([]);
  });

  it.each([['*', true], ['latest', true], ['user/repo#main', true], ['^1.0.0', false], ['>=1 <2', false]])(
    'isUnpinned(%s) is %s',
    (version, expected) => expect(isUnpinned(version)).toBe(expected),
  );
});

describe('package/install-script', () => {
  it('reports install hooks', () => {
    const manifest = { name: 'a', scripts: { build: 'tsc', postinstall: 'node setup.js', preinstall: 'echo hi' } };
    expect(run(packageInstallScriptRule, manifest)).toEqual([
      { line: 6, message: 'scripts.preinstall runs on install: "echo hi"' },
      { line: 5, message: 'scripts.postinstall runs on install: "node setup.js"' },
    ]);
  });

  it('ignores other scripts', () => {
    expect(run(packageInstallScriptRule, { scripts: { build: 'tsc', prepare: 'husky' } })).toEqual([]);
  });
});

describe('package/missing-lockfile', () => {
  const manifest = { name: 'a', dependencies: { express: '^4.0.0' } };

  it('reports dependencies without a lockfile', () => {
    expect(run(packageMissingLockfileRule, manifest)).toEqual([
      { line: 3, message: 'dependencies are declared but no lockfile is present' },
    ]);
  });

  it('accepts a lockfile beside the manifest or in a parent (workspaces)', () => {
    expect(run(packageMissingLockfileRule, manifest, 'package.json', ['package-lock.json'])).toEqual([]);
    expect(run(packageMissingLockfileRule, manifest, 'packages/api/package.json', ['pnpm-lock.yaml'])).toEqual([]);
    expect(run(packageMissingLockfileRule, manifest, 'packages/api/package.json', ['packages/web/yarn.lock'])).toHaveLength(1);
  });

  it('ignores manifests without dependencies', () => {
    expect(run(packageMissingLockfileRule, { name: 'a', dependencies: {} })).toEqual([]);
  });
});
