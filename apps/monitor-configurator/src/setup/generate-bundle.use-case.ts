import { type MonitoringGenerateFinished, type MonitoringGenerateTriggered } from '@jetway/contracts';
import type { z } from 'zod';
import { packBundle } from './bundle';
import type { SetupInput, SetupUrls } from './bundle.types';
import type { BundleGenerators, BundleStore } from './setup.ports';

export type GenerateOutputs = NonNullable<z.infer<typeof MonitoringGenerateFinished>['outputs']>;

export interface GenerateBundleDeps {
  readonly generators: BundleGenerators;
  readonly store: BundleStore;
  /** The URLs of this mesh's stack; the setup's own are derived from them (per setup name). */
  readonly urls: (setup: string) => SetupUrls;
}

/** The generate step's input: the trigger without its step reference. */
export function setupInputOf(trigger: MonitoringGenerateTriggered): SetupInput {
  const { run_id: _run, step_id: _step, attempt: _attempt, ...input } = trigger;
  return input;
}

/**
 * Generates the setup's bundle, stores it under its digest (once: the same files are the same
 * object) and says what it holds. Generation is pure; only the store can fail (TransientError).
 */
export async function generateBundle(trigger: MonitoringGenerateTriggered, deps: GenerateBundleDeps): Promise<GenerateOutputs> {
  const bundle = deps.generators.generate(setupInputOf(trigger), deps.urls(trigger.name));
  const { digest, bytes } = packBundle(bundle.files);
  await deps.store.put(digest, bytes);
  return { digest, files: bundle.files.map((f) => f.path).sort(), counts: bundle.counts, generate_only: bundle.generateOnly };
}

