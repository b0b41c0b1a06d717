import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ProveFinished, ProveTriggered, stepLogObjectName } from '@jetway/contracts';
import { ciFixtureFiles } from '@jetway/testing';
import { makeTempDir } from '../../drivers/command/fixtures.testing';
import { MemoryObjects } from '../publish/memory-objects.testing';
import { proveCommands } from './prove.use-case';

const RUN = '01J0000000000000000000PR0V';
const NODE = { component: '.', install: 'npm ci --offline --no-audit --no-fund', build: 'npm run build', test: 'npm run test:coverage' };
const BUNDLE = { '.github/workflows/ci.yml': 'on: push\n' };
const offline = async (host: string) => `getaddrinfo ENOTFOUND ${host}`;

/** The Node fixture with an untested function: its coverage drops well under 90%. */
function withUntestedCode(files: Record<string, string>): Record<string, string> {
  const shout = '\nfunction shout(name) {\n  const text = greet(name);\n  if (text.length > 10) {\n    return text.toUpperCase();\n  }\n  return text;\n}\nmodule.exports.shout = shout;\n';
  return { ...files, 'src/greet.js': `${files['src/greet.js']}${shout}` };
}

describe('proveCommands', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let objects: MemoryObjects;
  beforeEach(() => {
    tmp = makeTempDir('prove');
    objects = new MemoryObjects();
  });
  afterEach(() => tmp.cleanup());

  async function prove(files: Record<string, string>, commands: ProveTriggered['commands'], coverage_threshold = 80, timeout_seconds = 120) {
    const trigger = ProveTriggered.parse({
      run_id: RUN,
      step_id: 'prove',
      attempt: 1,
      application: 'hello',
      source_digest: await objects.putTree(files),
      bundle_digest: await objects.putTree(BUNDLE),
      commands,
      coverage_threshold,
      timeout_seconds,
    });
    const result = await proveCommands(trigger, { workRoot: join(tmp.path, 'work'), objects, reachable: offline });
    // What the handler publishes must be a valid finished event.
    ProveFinished.parse({ run_id: RUN, step_id: 'prove', attempt: 1, duration_ms: 1, ...result });
    // The step log as `jetway logs` finds it: inline when small, else the object it was stored as.
    const stored = 'log_object' in result ? objects.objects.get(result.log_object)?.toString() : undefined;
    if ('log_object' in result) expect(result.log_object).toBe(stepLogObjectName(trigger));
    return { ...result, log: 'log' in result ? result.log : (stored ?? '') };
  }

  it('proves the Python app for real in a virtual environment of the sandbox: coverage installed there, measured and gated', async () => {
    const PYTHON = { component: '.', install: "python -m pip install 'coverage>=7.6,<8'", test: 'python -m coverage run -m unittest discover -s tests && python -m coverage report --fail-under=80' };
    const result = await prove(ciFixtureFiles('python-app'), [PYTHON], 80, 300);
    expect({ outcome: result.outcome, reason: result.reason }).toEqual({ outcome: 'succeeded', reason: undefined });
    expect(result.outputs.ran.map((ran) => [ran.phase, ran.exit_code])).toEqual([['install', 0], ['test', 0]]);
    expect(result.outputs.coverage[0]?.percent).toBeGreaterThanOrEqual(80);
    // Installed into the sandbox's venv, not into the machine's Python.
    expect(() => execFileSync('python3', ['-c', 'import coverage'], { stdio: 'ignore' })).toThrow();
  });

  it('proves the Node app for real: install, build and test ran, coverage measured, the full log stored, the sandbox gone', async () => {
    const result = await prove(ciFixtureFiles('node-app'), [NODE]);
    expect(result.outcome).toBe('succeeded');
    expect(result.reason).toBeUndefined();
    expect(result.outputs.ran.map((ran) => [ran.phase, ran.command, ran.exit_code])).toEqual([
      ['install', NODE.install, 0],
      ['build', NODE.build, 0],
      ['test', NODE.test, 0],
    ]);
    expect(result.outputs.coverage).toEqual([{ component: '.', percent: 100 }]);
    expect(result.outputs.skipped).toEqual([]);
    expect(result.log).toContain('== component . · build: npm run build\n');
    expect(result.log).toContain('built dist/');
    expect(result.log).toMatch(/pass 2/);
    expect(result.log).toContain('== component .: line coverage 100% (from test runner summary table)');
    expect(readdirSync(join(tmp.path, 'work'))).toEqual([]);
  });

  it('fails on a failing test, naming component, phase and exit code, with the log tail once', async () => {
    const files = ciFixtureFiles('node-app');
    files['test/greet.test.js'] = (files['test/greet.test.js'] ?? '').replace("'hello, ada')", "'hello, bob')");
    const result = await prove(files, [NODE]);
    expect(result.outcome).toBe('failed');
    expect(result.reason).toMatch(/^component \.: the test command exited with code 1; last lines of its log \(full log: jetway logs 01J0000000000000000000PR0V --step prove\):\n/);
    expect(result.reason?.split("'hello, bob'").length).toBeGreaterThan(1);
    expect(result.reason?.split('last lines of its log').length).toBe(2);
    expect(result.outputs.ran.map((ran) => [ran.phase, ran.exit_code])).toEqual([['install', 0], ['build', 0], ['test', 1]]);
    expect(result.log).toContain('== exit 1 after');
  });

  it('double-checks coverage: under the threshold fails naming component, measured and required', async () => {
    const result = await prove(withUntestedCode(ciFixtureFiles('node-app')), [NODE], 90);
    const measured = result.outputs.coverage[0]?.percent ?? 100;
    expect(measured).toBeLessThan(90);
    expect(result.outcome).toBe('failed');
    expect(result.reason).toMatch(
      new RegExp(`^component \\.: line coverage ${measured}% is below the required 90% \\(measured from test runner summary table; the test command passed without enforcing it\\)`),
    );
  });

  it('names the coverage when the generated command enforced it and failed', async () => {
    const enforcing = { ...NODE, test: 'node --test --experimental-test-coverage --test-coverage-lines=90' };
    const result = await prove(withUntestedCode(ciFixtureFiles('node-app')), [enforcing], 90);
    expect(result.outcome).toBe('failed');
    expect(result.reason).toMatch(/^component \.: the test command exited with code 1 \(line coverage [\d.]+% is below the required 90%\)/);
  });

  it('skips a component whose toolchain is missing, with the reason, and still proves the rest', async () => {
    // A toolchain no machine has, so the case runs everywhere (a Go module skips the same way where go is missing).
    const tool = 'jetway-absent-toolchain';
    const files = { ...ciFixtureFiles('node-app'), ...prefixed('services/tool', { 'README.md': 'built with a tool this machine lacks\n' }) };
    const result = await prove(files, [NODE, { component: 'services/tool', build: `${tool} build`, test: `${tool} test` }]);
    const why = `${tool} not found on PATH (needed by: ${tool} build ; ${tool} test)`;
    expect(result.outcome).toBe('succeeded');
    expect(result.outputs.skipped).toEqual([{ component: 'services/tool', reason: why }]);
    expect(result.reason).toBe(`not proven here: component services/tool: ${why}`);
    expect(result.outputs.ran).toHaveLength(3);
    expect(result.log).toContain(`== component services/tool skipped: ${tool} not found on PATH`);
  });

  it('finishes skipped, never a silent pass, when no component can be proven here', async () => {
    const result = await prove(ciFixtureFiles('maven-project'), [{ component: '.', install: 'mvn -B -q dependency:go-offline', test: 'mvn -B verify' }]);
    expect(result.outcome).toBe('skipped');
    expect(result.outputs.ran).toEqual([]);
    expect(result.reason).toMatch(/^nothing could be proven on this machine: component \.: (Maven needs its plugin repository and repo\.maven\.apache\.org cannot be reached from this machine \(getaddrinfo ENOTFOUND repo\.maven\.apache\.org\)|.*not found on PATH)/);
    expect(result.log).toContain('== component . skipped: ');
  });

  it('holds every command to one time budget: a command past it is killed and fails the step, naming the phase', async () => {
    const began = Date.now();
    const result = await prove({ 'README.md': 'x\n' }, [{ component: '.', install: 'echo installing', test: 'echo testing; sleep 30' }], 80, 1);
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(result.outcome).toBe('failed');
    expect(result.reason).toMatch(/^component \.: the test command did not finish within the proof's 1s \(timeout_seconds\); last lines of its log \(full log: [^)]+\):\ntesting\n$/);
    expect(result.outputs.ran.map((ran) => [ran.phase, ran.exit_code])).toEqual([['install', 0], ['test', -1]]);
  });

  it('refuses a component path outside the project tree before running anything', async () => {
    const marker = join(tmp.path, 'ran');
    await expect(prove({ 'README.md': 'x\n' }, [{ component: '.', test: `touch ${marker}` }, { component: '../elsewhere', test: 'true' }])).rejects.toMatchObject({
      name: 'PermanentError',
      message: "commands: component '../elsewhere' is not a path inside the project",
    });
    expect(existsSync(marker)).toBe(false);
    expect(readdirSync(join(tmp.path, 'work'))).toEqual([]);
  });

  it('runs the commands in the component directory, on the tree plus the generated files, without the builder environment', async () => {
    process.env.JETWAY_NATS_PASSWORD = 'hunter2';
    try {
      const probe = 'test -f .github/workflows/ci.yml && pwd && echo "home=$HOME secret=${JETWAY_NATS_PASSWORD:-unset}"';
      const result = await prove({ 'pkg/README.md': 'x\n' }, [{ component: 'pkg', test: probe }]);
      expect(result.outcome).toBe('failed');
      const rooted = await prove({ 'pkg/README.md': 'x\n' }, [{ component: '.', test: `${probe} && cd pkg && pwd` }]);
      expect(rooted.outcome).toBe('succeeded');
      expect(rooted.log).toMatch(/\/project\nhome=\S+\/home secret=unset\n\S+\/project\/pkg\n/);
      expect(rooted.outputs.coverage).toEqual([]);
      expect(rooted.log).toContain('== component .: no line coverage report found');
    } finally {
      delete process.env.JETWAY_NATS_PASSWORD;
    }
  });
});

function prefixed(prefix: string, files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([path, content]) => [`${prefix}/${path}`, content]));
}
