import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as tar from 'tar';
import { AnalyzeFinished, AnalyzeTriggered, artifactObjectName } from '@jetway/contracts';
import { createCiFixture, type CiFixture } from '@jetway/testing';
import { MemoryArtifactStore } from '../../use-cases/artifact-store.testing';
import { analyzeProject, type AnalyzeProjectResult } from './analyze-project.use-case';
import { TempTrees } from './tree.testing';

const RUN_ID = '01JZ3K8Q9V7W6X5Y4Z3A2B1C0D';
const LOG_OBJECT = `step-log-${RUN_ID}-analyze-1`;

function entriesOf(archive: Buffer): string[] {
  const paths: string[] = [];
  const parser = new tar.Parser({ onReadEntry: (entry) => (paths.push(entry.path), entry.resume()) });
  parser.end(gunzipSync(archive));
  return paths;
}

describe('analyzeProject', () => {
  const trees = new TempTrees();
  const fixtures: CiFixture[] = [];
  let store: MemoryArtifactStore;
  let workRoot: string;
  beforeEach(() => {
    store = new MemoryArtifactStore();
    workRoot = join(trees.dir({}), 'work');
  });
  afterAll(() => {
    fixtures.forEach((fixture) => fixture.cleanup());
    trees.cleanup();
  });
  const trigger = (project: { path: string; ref?: string }): AnalyzeTriggered => AnalyzeTriggered.parse({ run_id: RUN_ID, step_id: 'analyze', attempt: 1, application: 'hello', project });
  /** The step's log as `jetway logs` finds it: inline, or the stored object a large one is. */
  const logText = (result: AnalyzeProjectResult): string => ('log' in result ? result.log : (store.objects.get(result.log_object)?.toString() ?? ''));

  it('analyses a git fixture, stores its tree without .git under the digest it reports, and a log saying what it found', async () => {
    const repo = createCiFixture('node-monorepo', { git: true });
    fixtures.push(repo);
    const result = await analyzeProject(trigger({ path: repo.path }), { workRoot, store });
    if (!result.ok) throw new Error(result.reason);
    const outputs = AnalyzeFinished.shape.outputs.unwrap().parse(result.outputs);
    expect(outputs).toMatchObject({ commit: repo.commit, analysis: { monorepo: { tool: 'npm-workspaces', members: ['services/api', 'services/web'] } } });
    const archive = store.objects.get(artifactObjectName(outputs.source_digest));
    expect(`sha256:${createHash('sha256').update(archive ?? Buffer.alloc(0)).digest('hex')}`).toBe(outputs.source_digest);
    const entries = entriesOf(archive ?? Buffer.alloc(0));
    expect(entries).toContain('services/api/package.json');
    expect(entries.filter((path) => path === '.git' || path.startsWith('.git/'))).toEqual([]);
    // A few lines: inline in the event, no log object stored.
    expect('log' in result && !('log_object' in result)).toBe(true);
    expect(store.objects.has(LOG_OBJECT)).toBe(false);
    expect(logText(result)).toContain(`analysed ${repo.path} at HEAD (commit ${repo.commit}); its working tree and uncommitted changes were not read`);
    expect(logText(result)).toContain('  - services/api (@shop/api): javascript, npm, lockfile package-lock.json');
    expect(logText(result)).toContain('existing CI: .travis.yml (Travis CI)');
    expect(logText(result)).toContain(`source tree: ${outputs.source_digest}`);
  });

  it('gives the same source digest for the same tree twice, notes an ignored ref, and leaves no scratch directory behind', async () => {
    const dir = createCiFixture('python-app');
    fixtures.push(dir);
    const first = await analyzeProject(trigger({ path: dir.path }), { workRoot, store });
    const second = await analyzeProject(trigger({ path: dir.path, ref: 'main' }), { workRoot, store });
    if (!first.ok || !second.ok) throw new Error('analysis failed');
    expect(second.outputs.source_digest).toBe(first.outputs.source_digest);
    expect(first.outputs.commit).toBeUndefined();
    expect(second.outputs.analysis.notes[0]).toBe(`ref 'main' ignored: ${dir.path} is not a git repository`);
    expect(readdirSync(workRoot)).toEqual([]);
  });

  it('fails a project with no detectable language, naming what it looked for, with the log inline', async () => {
    const docs = trees.dir({ 'README.md': '# nothing to build\n', 'notes/todo.txt': '' });
    const result = await analyzeProject(trigger({ path: docs }), { workRoot, store });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(new RegExp(`^no detectable language in ${docs}: looked for source files \\(\\.js \\.ts \\.py .+\\) and manifests \\(package\\.json, pyproject\\.toml, .+\\), outside \\.git, node_modules, dist, target, venv`));
    expect(logText(result)).toContain('languages: none found');
    expect([...store.objects.keys()]).toEqual([]);
  });

  it('fails sources with no manifest the pipeline can build', async () => {
    const loose = trees.dir({ 'app.rb': '', 'lib/x.rb': '' });
    const result = await analyzeProject(trigger({ path: loose }), { workRoot, store });
    expect(!result.ok && result.reason).toMatch(new RegExp(`^no component the pipeline can build in ${loose}: found ruby \\(2\\) but no project manifest; looked for `));
  });

  it('fails a missing path naming the path and the cause, with the log inline', async () => {
    const missing = join(trees.dir({}), 'nope');
    const result = await analyzeProject(trigger({ path: missing }), { workRoot, store });
    expect(result).toEqual({ ok: false, reason: `project_path: ${missing} does not exist`, log: `could not read ${missing}: project_path: ${missing} does not exist\n` });
  });
});
