import { makeCommand, makeTargets } from './makefile';
import { ProjectTree } from './project-tree';
import { TempTrees } from './tree.testing';

const trees = new TempTrees();
afterAll(() => trees.cleanup());

describe('Makefile targets', () => {
  it('lists rule targets, not variables, special targets or pattern rules', async () => {
    const tree = await trees.tree({
      'svc/Makefile': ['GO := go', 'VERSION ?= 1', '.PHONY: build test', 'build lint: deps', '\t$(GO) build ./...', 'test:', '\tgo test ./...', '%.o: %.c', 'deps::', 'export PATH := x'].join('\n'),
    });
    expect([...(makeTargets(tree, 'svc')?.targets ?? [])]).toEqual(['build', 'lint', 'test']);
    expect(makeCommand(tree, 'svc', 'check', 'test')).toBe('make test');
    expect(makeCommand(tree, 'svc', 'check')).toBeUndefined();
    expect(makeTargets(new ProjectTree('/nowhere', ['x.go']), '.')).toBeUndefined();
  });
});
