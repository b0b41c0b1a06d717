import type { InfraGenerateFinished, InfraGenerateTriggered, InfraRestore } from '@jetway/contracts';
import { packFiles } from '@jetway/messaging';
import type { z } from 'zod';
import { INFRA_BUNDLE_FORMAT, InfraGenerateError, type InfraBundleStore } from './infra-bundle';
import { stackFiles } from './stack-files';

export type InfraGenerateOutputs = NonNullable<z.infer<typeof InfraGenerateFinished>['outputs']>;

export interface GenerateInfrastructureDeps {
  readonly store: InfraBundleStore;
  /** Where a relative `configuration.playbook` (or inventory file) is read from. */
  readonly workingDir: string;
}

/**
 * The infra-generate step: the stack's files as one bundle, stored once under its digest (the
 * same spec and environments give the same bytes, so a re-run stores nothing new). Rejects with
 * an InfraGenerateError (permanent, naming the field) for a request it cannot generate, and with
 * the store's TransientError when the store cannot be reached. A rollback run (`spec.restores`)
 * fails unless the files are exactly those of the changelog entry it restores.
 */
export async function generateInfrastructure(trigger: InfraGenerateTriggered, deps: GenerateInfrastructureDeps): Promise<InfraGenerateOutputs> {
  const { files, manifest } = await stackFiles(trigger, deps);
  const { digest, bytes } = packFiles(INFRA_BUNDLE_FORMAT, files);
  const mismatch = restoreMismatch(trigger.spec.restores, digest);
  if (mismatch) throw new InfraGenerateError(mismatch);
  await deps.store.put(digest, bytes);
  return { digest, files: files.map((file) => file.path).sort(), tool: manifest.tool, generate_only: manifest.generate_only };
}

const short = (digest: string) => `${digest.slice(0, 19)}…`;

/**
 * Why a rollback's files are not those of the changelog entry it restores (pure): the same spec
 * gives the same digest, so another digest means a generator, or a file the spec names, changed
 * since — re-applying would not restore that configuration. Undefined when it matches, or for a
 * run that restores nothing.
 */
export function restoreMismatch(restores: InfraRestore | undefined, digest: string): string | undefined {
  if (!restores || restores.digest === digest) return undefined;
  return (
    `the generators no longer produce the files of changelog entry ${restores.sequence} of ${restores.environment} (${short(restores.digest)} then, ${short(digest)} now): ` +
    'a generator, or a file the spec names (configuration.playbook, its inventory), changed since that entry was applied, so this run would not restore it; ' +
    "nothing was stored or planned — publish the stack's request as you want it now (its plan goes through review)"
  );
}
