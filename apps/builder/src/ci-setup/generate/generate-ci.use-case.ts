import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { artifactObjectName, type GenerateFinished, type GenerateTriggered } from '@jetway/contracts';
import { keepStepLog, type KeptStepLog } from '@jetway/messaging';
import { packOutput } from '../../drivers/command';
import type { ArtifactStore } from '../../use-cases';
import { generateFiles } from './generate-files';
import { buildPipelineModel } from './model/build-model';
import type { GeneratedCiFile, PipelineModel } from './model/pipeline-model';

export interface GenerateCiDeps {
  /** Directory under which each generation gets its own scratch directory, removed when it ends. */
  workRoot: string;
  store: ArtifactStore;
}

export type GenerateOutputs = NonNullable<GenerateFinished['outputs']>;

/** With the step's log, kept whether generation succeeded or not: inline when small, else stored ({@link keepStepLog}). */
export type GenerateCiResult = ({ ok: true; outputs: GenerateOutputs; files: GeneratedCiFile[] } | { ok: false; reason: string }) & KeptStepLog;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The commands each component's pipeline jobs run, in the component's directory: what the prove step runs. */
export function commandsOf(model: PipelineModel): GenerateOutputs['commands'] {
  return model.components.map((component) => ({ component: component.source.path, ...component.commands }));
}

/** What the infrastructure block made of the pipeline's infrastructure, as decisions of the log. */
function infrastructureDecisions({ infrastructure: spec }: GenerateTriggered): string[] {
  if (!spec) return [];
  const registry = spec.container_registries ? ', a container registry' : ', no container registry (container_registries: false)';
  return [
    `  - infrastructure: Terraform for ${spec.cloud_provider} under infrastructure/, one root per environment (${spec.deployment_environments.join(', ')}): ${spec.ci_runners.count} runners${spec.ci_runners.instance_type ? ` (${spec.ci_runners.instance_type})` : ''}, artifacts kept ${spec.artifact_storage.retention_days} days${registry}`,
  ];
}

/** What was generated and why, for `jetway logs`. */
export function generationLog(trigger: GenerateTriggered, model: PipelineModel, files: readonly GeneratedCiFile[]): string {
  const lines = [
    `generated CI/CD configuration for ${trigger.application} (${trigger.platforms.join(', ')}; ${trigger.branching_strategy}; coverage >= ${model.coverageThreshold}%)`,
    ...files.map((file) => `  ${file.path}${file.platform ? ` (${file.platform})` : ''}: ${Buffer.byteLength(file.content)} bytes, sha256 ${sha256Hex(file.content)}`),
    'components and the commands their jobs run (in the component directory):',
    ...model.components.flatMap((component) => [
      `  ${component.source.path} (${component.family} ${component.versions.join(', ')})`,
      ...(['install', 'build', 'test'] as const).flatMap((phase) => (component.commands[phase] ? [`    ${phase}: ${component.commands[phase]}`] : [])),
    ]),
    'decisions:',
    ...model.notes.map((note) => `  - ${note}`),
    ...infrastructureDecisions(trigger),
  ];
  for (const existing of trigger.analysis.existing_ci) {
    const replaced = files.some((file) => file.path === existing);
    lines.push(`existing CI ${existing}: ${replaced ? 'replaced by the generated file of the same path' : 'kept; review it and remove it once the new pipeline runs'}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes the files with fixed modes (umask must not change the archive; a `#!` script is executable, and published so), then packs them deterministically. */
async function packFiles(files: readonly GeneratedCiFile[], scratch: string): Promise<{ digest: string; archivePath: string }> {
  const tree = join(scratch, 'bundle');
  for (const file of files) {
    const path = join(tree, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
    await chmod(path, file.content.startsWith('#!') ? 0o755 : 0o644);
  }
  const archivePath = join(scratch, 'bundle.tar.gz');
  const packed = await packOutput(tree, '.', archivePath);
  if (!packed.ok) throw new Error(`packing the generated files failed: ${packed.reason}`);
  return { digest: packed.digest, archivePath };
}

/**
 * Generates the CI configuration of every requested platform (and the README of the pipeline)
 * from the analysis, packs the files into one deterministic tar.gz stored under its digest like an
 * artifact, and keeps the step log (inline when small, else stored). An analysis without components resolves `ok: false`;
 * infrastructure trouble rejects (`TransientError` from the store).
 */
export async function generateCi(trigger: GenerateTriggered, deps: GenerateCiDeps): Promise<GenerateCiResult> {
  await mkdir(deps.workRoot, { recursive: true });
  const scratch = await mkdtemp(join(deps.workRoot, `${trigger.run_id}-${trigger.step_id}-${trigger.attempt}-`));
  const keepLog = (text: string): Promise<KeptStepLog> =>
    keepStepLog(trigger, text, async (name, bytes) => {
      await writeFile(join(scratch, 'generate.log'), bytes);
      await deps.store.put(name, join(scratch, 'generate.log'));
    });
  try {
    if (trigger.analysis.components.length === 0) {
      const reason = 'the analysis found no component to build and test: nothing to generate';
      return { ok: false, reason, ...(await keepLog(`${reason}\n`)) };
    }
    const model = buildPipelineModel(trigger);
    const files = generateFiles(model, trigger.platforms, trigger.infrastructure);
    const bundle = await packFiles(files, scratch);
    const name = artifactObjectName(bundle.digest);
    await deps.store.putOnce(name, bundle.archivePath);
    const kept = await keepLog(`${generationLog(trigger, model, files)}bundle: ${bundle.digest}\n`);
    const outputs: GenerateOutputs = {
      digest: bundle.digest,
      files: files.map((file) => ({ path: file.path, ...(file.platform && { platform: file.platform }), sha256: sha256Hex(file.content) })),
      commands: commandsOf(model),
    };
    return { ok: true, outputs, files, ...kept };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
