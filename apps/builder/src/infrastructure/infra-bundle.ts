import { INFRA_BUNDLE_PATHS, type StackManifest } from '@jetway/contracts';
import { PermanentError, type BundleFile } from '@jetway/messaging';

/**
 * The infra-generate step's bundle: `packFiles(INFRA_BUNDLE_FORMAT, files)` in the artifact Object
 * Store under `artifactObjectName(digest)`. Its readers (scanner, deployer) open it with
 * `unpackFiles(INFRA_BUNDLE_FORMAT, …)` and find, by path:
 * - `jetway-stack.json`: the {@link StackManifest};
 * - `modules/<layer>/main.tf`, `environments/<env>/main.tf` and `terraform.tfvars` (iac_tool
 *   terraform with a cloud part): one root for each environment of the run, no others;
 * - `messaging/declaration.json`: the messaging declaration as parsed (spec.messaging);
 * - `packer/image.pkr.json`: a Packer HCL2 JSON template (VMs, or an image build asked for);
 * - `ansible/playbook.yml` and, with spec.configuration, `ansible/inventory` (an INI inventory
 *   file: what `ansible-playbook -i` takes);
 * - `pulumi/Pulumi.yaml` + `pulumi/Main.yaml`, `cloudformation/template.yaml` or
 *   `crossplane/*.yaml` for the generate-only tools.
 */
export { INFRA_BUNDLE_FORMAT, type StackManifest } from '@jetway/contracts';
export const STACK_MANIFEST_PATH = INFRA_BUNDLE_PATHS.manifest;

/** JSON as the bundle's JSON files are written: 2-space indented, keys in the order given, a final newline. */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function stackManifestFile(manifest: StackManifest): BundleFile {
  return { path: STACK_MANIFEST_PATH, content: canonicalJson(manifest) };
}

/**
 * A request the generators cannot turn into files (a missing root, an unreadable playbook, a
 * tool that has no generator for the provider): the same request fails the same way on every
 * retry, so the step fails at once with this message, which names the field and the fix.
 */
export class InfraGenerateError extends PermanentError {}

/** Where bundles are kept (the artifact Object Store in production), content-addressed. */
export interface InfraBundleStore {
  /** Stores the bytes under the digest's object name unless that object exists. Rejects with a TransientError when the store cannot be reached. */
  put(digest: string, bytes: Buffer): Promise<void>;
}
