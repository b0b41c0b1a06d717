import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { artifactObjectName, type AnalyzeFinished, type AnalyzeTriggered, type ProjectAnalysis } from '@jetway/contracts';
import { keepStepLog, PermanentError, type KeptStepLog } from '@jetway/messaging';
import { packSource } from '../../drivers/command';
import type { ArtifactStore } from '../../use-cases';
import { describeAnalysis, type LogSource } from './analysis-log';
import { analyzeTree } from './analyze-tree';
import { materializeProject, type MaterializedProject } from './project-source';
import { readProjectTree } from './project-tree';

export interface AnalyzeProjectDeps {
  /** Directory under which each analysis gets its own scratch directory, removed when it ends. */
  workRoot: string;
  store: ArtifactStore;
}

export type AnalyzeOutputs = NonNullable<AnalyzeFinished['outputs']>;

/** With the step's log, kept whether the analysis succeeded or not: inline when small, else stored ({@link keepStepLog}). */
export type AnalyzeProjectResult = ({ ok: true; outputs: AnalyzeOutputs } | { ok: false; reason: string }) & KeptStepLog;

/** What "no detectable language" looked for, so the reason says it. */
const LOOKED_FOR =
  'source files (.js .ts .py .go .java .kt .rs .cs …) and manifests (package.json, pyproject.toml, setup.py, requirements.txt, go.mod, pom.xml, build.gradle, Cargo.toml, *.csproj, *.sln), outside .git, node_modules, dist, target, venv and other dependency or build directories';

/**
 * Takes the project's tree (a repository's commit, or a directory's files) into a scratch
 * directory, analyses it from its files, packs it (without .git) as a deterministic tar.gz stored
 * under its digest like an artifact, and keeps the step log (inline when small, else stored). A path that does not exist or
 * cannot be read, an unknown ref, or a project with no language or component the pipeline can
 * build resolves `ok: false` with the reason; infrastructure trouble rejects (`TransientError`).
 */
export async function analyzeProject(trigger: AnalyzeTriggered, deps: AnalyzeProjectDeps): Promise<AnalyzeProjectResult> {
  await mkdir(deps.workRoot, { recursive: true });
  // A unique directory per delivery: a redelivered message may run while a slow first copy still does.
  const scratch = await mkdtemp(join(deps.workRoot, `${trigger.run_id}-${trigger.step_id}-${trigger.attempt}-`));
  const keepLog = (text: string): Promise<KeptStepLog> =>
    keepStepLog(trigger, text, async (name, bytes) => {
      await writeFile(join(scratch, 'analyze.log'), bytes);
      await deps.store.put(name, join(scratch, 'analyze.log'));
    });
  try {
    const tree = join(scratch, 'tree');
    await mkdir(tree);
    let taken: MaterializedProject;
    try {
      taken = await materializeProject(trigger.project, tree);
    } catch (error) {
      if (!(error instanceof PermanentError)) throw error;
      return { ok: false, reason: error.message, ...(await keepLog(`could not read ${trigger.project.path}: ${error.message}\n`)) };
    }
    const source: LogSource = { project: trigger.project, kind: taken.kind, ...(taken.commit ? { commit: taken.commit } : {}) };
    const { analysis, existingCi } = analyzeTree(await readProjectTree(tree), trigger.application, taken.notes);
    const log = describeAnalysis(source, analysis, existingCi);
    const missing = nothingToBuild(trigger.project.path, analysis);
    if (missing) {
      return { ok: false, reason: missing, ...(await keepLog(`${log}\n${missing}\n`)) };
    }
    const packed = await packSource(tree, join(scratch, 'source.tar.gz'));
    if (!packed) throw new PermanentError(`project_path: ${trigger.project.path} has no files to pack`);
    await deps.store.putOnce(artifactObjectName(packed.digest), packed.archivePath);
    const kept = await keepLog(`${log}source tree: ${packed.digest} (${packed.sizeBytes} bytes, without .git)\n`);
    const outputs: AnalyzeOutputs = { analysis, source_digest: packed.digest, ...(taken.commit ? { commit: taken.commit } : {}) };
    return { ok: true, outputs, ...kept };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Why the pipeline cannot go on from this analysis, or `undefined` when it can. */
export function nothingToBuild(path: string, analysis: ProjectAnalysis): string | undefined {
  if (analysis.languages.length === 0) return `no detectable language in ${path}: looked for ${LOOKED_FOR}`;
  if (analysis.components.length > 0) return undefined;
  const found = analysis.languages.map((language) => `${language.name} (${language.files})`).join(', ');
  return `no component the pipeline can build in ${path}: found ${found} but no project manifest; looked for ${LOOKED_FOR}`;
}
