import { TempTrees } from '../tree.testing';
import { detectGoComponent, goWorkspaceOf } from './go.detector';

const trees = new TempTrees();
afterAll(() => trees.cleanup());

describe('detectGoComponent', () => {
  it("reads the module path's last element, the go and toolchain directives, go.sum, and go's own commands", async () => {
    const tree = await trees.tree({
      'svc/go.mod': 'module github.com/acme/payments // the service\n\ngo 1.23.1\n\ntoolchain go1.23.4\n\nrequire golang.org/x/text v0.14.0\n',
      'svc/go.sum': 'golang.org/x/text v0.14.0 h1:x\n',
      'svc/main.go': 'package main\n',
      'svc/Dockerfile': 'FROM golang\n',
    });
    expect(detectGoComponent({ tree, dir: 'svc', fallbackName: 'x' })).toEqual({
      component: {
        path: 'svc', name: 'payments', language: 'go', package_manager: 'go', lockfile: 'svc/go.sum', runtime_versions: ['go 1.23.1', 'go 1.23.4'],
        install_command: 'go mod download', build_command: 'go build ./...', test_command: 'go test ./...', test_framework: 'go test', coverage_tool: 'go cover', dockerfile: 'svc/Dockerfile',
      },
      notes: [],
    });
  });

  it('notes requirements without a go.sum', async () => {
    const tree = await trees.tree({ 'go.mod': 'module x\n\ngo 1.22\n\nrequire (\n\tgithub.com/a/b v1.0.0\n)\n' });
    expect(detectGoComponent({ tree, dir: '.', fallbackName: 'x' })?.notes).toEqual(['go.mod requires modules but go.sum is missing: `go mod download` will fail verification']);
  });
});

describe('goWorkspaceOf', () => {
  it('reads single and block use directives, keeping only directories with a go.mod', async () => {
    const tree = await trees.tree({
      'go.work': 'go 1.22\n\nuse ./tools\n\nuse (\n\t./services/api // the API\n\t./services/worker/\n\t./missing\n)\n',
      'tools/go.mod': 'module tools\n',
      'services/api/go.mod': 'module api\n',
      'services/worker/go.mod': 'module worker\n',
    });
    expect(goWorkspaceOf(tree)).toEqual({ tool: 'go-work', members: ['services/api', 'services/worker', 'tools'], builds: 'members', notes: [] });
    expect(goWorkspaceOf(await trees.tree({ 'go.mod': 'module x\n' }))).toBeUndefined();
  });
});
