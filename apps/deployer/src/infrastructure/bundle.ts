import { INFRA_BUNDLE_FORMAT, INFRA_BUNDLE_PATHS, parseMessaging, parseWith, StackManifest, type MessagingDeclaration } from '@jetway/contracts';
import { PermanentError, unpackFiles, type BundleFile } from '@jetway/messaging';

/** The bundle's format, layout and manifest (declared once, in contracts). */
export { INFRA_BUNDLE_FORMAT, StackManifest } from '@jetway/contracts';
export const BUNDLE_PATHS = INFRA_BUNDLE_PATHS;

/** Reads a bundle's bytes from the artifact Object Store (by digest). */
export interface BundleSource {
  bytes(digest: string): Promise<Buffer>;
}

/** A generated stack bundle, unpacked and checked. */
export interface InfraBundle {
  readonly digest: string;
  readonly manifest: StackManifest;
  readonly files: readonly BundleFile[];
}

/** Fetches and unpacks the bundle; throws PermanentError naming what is wrong (missing, not a bundle, another stack's). */
export async function loadBundle(source: BundleSource, digest: string, stack: string): Promise<InfraBundle> {
  let files: BundleFile[];
  try {
    files = unpackFiles(INFRA_BUNDLE_FORMAT, await source.bytes(digest), digest);
  } catch (error) {
    throw new PermanentError(`digest: cannot read the infrastructure bundle ${digest}: ${(error as Error).message}`, { cause: error });
  }
  const manifest = parseManifest(files, digest);
  if (manifest.stack !== stack) {
    throw new PermanentError(`bundle ${digest} is stack ${manifest.stack}'s, but the trigger is for stack ${stack}: the run passed another stack's digest`);
  }
  return { digest, manifest, files };
}

export function hasFile(bundle: InfraBundle, path: string): boolean {
  return bundle.files.some((f) => f.path === path);
}

/** True when the bundle holds a Terraform root for `environment` (`environments/<env>/*.tf`). */
export function hasTerraformRoot(bundle: InfraBundle, environment: string): boolean {
  const root = `${BUNDLE_PATHS.terraformRoot(environment)}/`;
  return bundle.files.some((f) => f.path.startsWith(root) && f.path.slice(root.length).endsWith('.tf') && !f.path.slice(root.length).includes('/'));
}

/** The messaging declaration the bundle carries (`messaging/declaration.json`), parsed as a request's is. */
export function messagingOf(bundle: InfraBundle): MessagingDeclaration {
  const file = bundle.files.find((f) => f.path === BUNDLE_PATHS.messaging);
  if (!file) throw new PermanentError(`bundle ${bundle.digest}: jetway-stack.json says has_messaging but there is no ${BUNDLE_PATHS.messaging}`);
  try {
    return parseMessaging(JSON.parse(file.content));
  } catch (error) {
    throw new PermanentError(`bundle ${bundle.digest}: ${BUNDLE_PATHS.messaging}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Refuses what nothing here can plan or apply: a generate-only bundle, or a cloud part whose
 * IaC tool is not Terraform (pulumi, cloudformation and crossplane are generated as files only).
 * The planner never sends these; the deployer checks anyway.
 */
export function refuseGenerateOnly(source: { readonly tool: string; readonly generateOnly: boolean; readonly cloud: boolean }, what: string): void {
  if (source.generateOnly || (source.cloud && source.tool !== 'terraform')) {
    throw new PermanentError(
      `the stack is generate-only (IaC tool ${source.tool}: files, no plan or apply): the deployer refuses to ${what} it — ` +
        'use iac_tool terraform to plan and apply here, or take the generated files to your own tooling',
    );
  }
}

function parseManifest(files: readonly BundleFile[], digest: string): StackManifest {
  const file = files.find((f) => f.path === BUNDLE_PATHS.manifest);
  if (!file) throw new PermanentError(`bundle ${digest} has no ${BUNDLE_PATHS.manifest}: it is not what the infra-generate step stores`);
  let json: unknown;
  try {
    json = JSON.parse(file.content);
  } catch (error) {
    throw new PermanentError(`bundle ${digest}: ${BUNDLE_PATHS.manifest} is not JSON: ${(error as Error).message}`);
  }
  const parsed = parseWith(StackManifest, json);
  if (!parsed.ok) throw new PermanentError(`bundle ${digest}: ${BUNDLE_PATHS.manifest} ${parsed.error}`);
  return parsed.data;
}
