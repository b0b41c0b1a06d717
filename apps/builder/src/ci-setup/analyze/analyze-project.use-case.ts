import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { artifactObjectName, stepLogObjectName, type AnalyzeFinished, type AnalyzeTriggered, type ProjectAnalysis } from '@jetway/contracts';
import { PermanentError } from '@jetway/messaging';
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

/** `log_object` is the step's log ({@link stepLogObjectName}), stored whether the analysis succeeded or not. */
export type AnalyzeProjectResult = { ok: true; outputs: AnalyzeOutputs; log_object: string } | { ok: false; reason: string; log_object: string };

/** What "no detectable language" looked for, so the reason says it. */
const LOOKED_FOR =
  'source files (.js .ts .py .go .java .kt .rs .cs …) and manifests (package.json, pyproject.toml, setup.py, requirements.txt, go.mod, pom.xml, build.gradle, Cargo.toml, *.csproj, *.sln), outside .git, node_modules, dist, target, venv and other dependency or build directories';

/**
 * Takes the project's tree (a repository's commit, or a directory's files) into a scratch
 * directory, analyses it from its files, packs it (without .git) as a deterministic tar.gz stored
 * under its digest like an artifact, and stores the step log. A path that does not exist or
 * cannot be read, an unknown ref, or a project with no language or component the pipeline can
 * build resolves `ok: false` with the reason; infrastructure trouble rejects (`TransientError`).
 */
export async function analyzeProject(trigger: AnalyzeTriggered, deps: AnalyzeProjectDeps): Promise<AnalyzeProjectResult> {
  await mkdir(deps.workRoot, { recursive: true });
  // A unique directory per delivery: a redelivered message may run while a slow first copy still does.
  const scratch = await mkdtemp(join(deps.workRoot, `${trigger.run_id}-${trigger.step_id}-${trigger.attempt}-`));
  const logObject = stepLogObjectName(trigger);
  const storeLog = async (text: string): Promise<void> => {
    await writeFile(join(scratch, 'analyze.log'), text);
    await deps.store.put(logObject, join(scratch, 'analyze.log'));
  };
  try {
    const tree = join(scratch, 'tree');
    await mkdir(tree);
    let taken: MaterializedProject;
    try {
      taken = await materializeProject(trigger.project, tree);
    } catch (error) {
      if (!(error instanceof PermanentError)) throw error;
      await storeLog(`could not read ${trigger.project.path}: ${error.message}\n`);
      return { ok: false, reason: error.message, log_object: logObject };
    }
    const source: LogSource = { project: trigger.project, kind: taken.kind, ...(taken.commit ? { commit: taken.commit } : {}) };
    const { analysis, existingCi } = analyzeTree(await readProjectTree(tree), trigger.application, taken.notes);
    const log = describeAnalysis(source, analysis, existingCi);
    const missing = nothingToBuild(trigger.project.path, analysis);
    if (missing) {
      await storeLog(`${log}\n${missing}\n`);
      return { ok: false, reason: missing, log_object: logObject };
    }
    const packed = await packSource(tree, join(scratch, 'source.tar.gz'));
    if (!packed) throw new PermanentError(`project_path: ${trigger.project.path} has no files to pack`);
    if (!(await deps.store.has(artifactObjectName(packed.digest)))) await deps.store.put(artifactObjectName(packed.digest), packed.archivePath);
    await storeLog(`${log}source tree: ${packed.digest} (${packed.sizeBytes} bytes, without .git)\n`);
    const outputs: AnalyzeOutputs = { analysis, source_digest: packed.digest, ...(taken.commit ? { commit: taken.commit } : {}) };
    return { ok: true, outputs, log_object: logObject };
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
