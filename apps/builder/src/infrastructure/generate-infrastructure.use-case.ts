import type { InfraGenerateFinished, InfraGenerateTriggered } from '@jetway/contracts';
import { packFiles } from '@jetway/messaging';
import type { z } from 'zod';
import { INFRA_BUNDLE_FORMAT, type InfraBundleStore } from './infra-bundle';
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
 * the store's TransientError when the store cannot be reached.
 */
export async function generateInfrastructure(trigger: InfraGenerateTriggered, deps: GenerateInfrastructureDeps): Promise<InfraGenerateOutputs> {
  const { files, manifest } = await stackFiles(trigger, deps);
  const { digest, bytes } = packFiles(INFRA_BUNDLE_FORMAT, files);
  await deps.store.put(digest, bytes);
  return { digest, files: files.map((file) => file.path).sort(), tool: manifest.tool, generate_only: manifest.generate_only };
}
