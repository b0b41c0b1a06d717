import { cloudSpecOf, type CloudSpec, type EnvironmentType, type InfraGenerateTriggered, type InfrastructureSpec } from '@jetway/contracts';
import type { BundleFile } from '@jetway/messaging';
import { baselinePlaybook, configurationFiles } from './ansible/ansible-files';
import { generateTerraform } from './generate/generate-terraform';
import { generateOnlyFiles } from './generate-only';
import { canonicalJson, InfraGenerateError, stackManifestFile, type StackManifest } from './infra-bundle';
import { packerTemplate } from './packer/packer-template';

export const MESSAGING_DECLARATION_PATH = 'messaging/declaration.json';

export interface StackFilesDeps {
  /** Where a relative `configuration.playbook` or inventory file is read from: the builder's working directory. */
  readonly workingDir: string;
}

export interface StackFiles {
  readonly files: BundleFile[];
  readonly manifest: StackManifest;
}

/** A generator's own error (a provider it has no generator for) as the step's failure: it names the field already. */
function generated<T>(generate: () => T): T {
  try {
    return generate();
  } catch (error) {
    if (error instanceof InfraGenerateError) throw error;
    throw new InfraGenerateError((error as Error).message, { cause: error });
  }
}

/**
 * The Terraform of the cloud part: the modules, and the root of each environment of the run — no
 * other roots, so the scan, the cost and the plans see exactly what this run applies. A run whose
 * environment has no root fails here rather than planning a guess.
 */
export function runRoots(files: readonly BundleFile[], cloud: CloudSpec, environments: readonly EnvironmentType[]): BundleFile[] {
  const rootOf = (path: string) => /^environments\/([^/]+)\//.exec(path)?.[1];
  const written = [...new Set(files.map((f) => rootOf(f.path)).filter((env): env is string => env !== undefined))];
  const missing = environments.filter((env) => !written.includes(env));
  if (missing.length > 0) {
    throw new InfraGenerateError(
      `environment_type ${cloud.environment_type} applies ${environments.join(' then ')}, but the Terraform generator for cloud_provider ${cloud.cloud_provider} wrote no root for ${missing.join(', ')} (it writes environments/${written.join(', environments/')}): ask for one of those environments, or add the environment to the generator`,
    );
  }
  return files.filter((file) => {
    const root = rootOf(file.path);
    return root === undefined || environments.includes(root as EnvironmentType);
  });
}

function cloudToolFiles(cloud: CloudSpec, environments: readonly EnvironmentType[]): BundleFile[] {
  return cloud.iac_tool === 'terraform' ? runRoots(generated(() => generateTerraform(cloud)), cloud, environments) : generated(() => generateOnlyFiles(cloud));
}

const hasVms = (spec: InfrastructureSpec) => ['vms', 'hybrid'].includes(spec.application_requirements?.compute.type ?? '');

/** The golden image (Packer) of a stack with VMs, or of one that asks for an image build. */
function imageFiles(spec: InfrastructureSpec, cloud: CloudSpec | undefined): BundleFile[] {
  if (!hasVms(spec) && !spec.image_build) return [];
  if (!cloud) throw new InfraGenerateError('image_build needs the cloud part: application_requirements (compute type vms), cloud_provider and budget_constraints');
  return [packerTemplate(cloud)];
}

/** The request's configuration stage, or a baseline playbook for VMs when it has none. */
async function ansibleFiles(spec: InfrastructureSpec, deps: StackFilesDeps): Promise<BundleFile[]> {
  if (spec.configuration) return configurationFiles(spec.configuration, deps.workingDir);
  return hasVms(spec) ? [baselinePlaybook(spec)] : [];
}

/**
 * Every file of the stack's bundle, with its manifest (see infra-bundle.ts for the layout). Pure
 * but for reading the request's playbook and inventory; every refusal is an InfraGenerateError.
 */
export async function stackFiles(trigger: InfraGenerateTriggered, deps: StackFilesDeps): Promise<StackFiles> {
  const { spec, environments } = trigger;
  const cloud = cloudSpecOf(spec);
  if (spec.application_requirements && !cloud) {
    throw new InfraGenerateError('application_requirements needs cloud_provider (aws, azure or gcp) and budget_constraints.monthly_limit: the request schema checks this, so the spec was built some other way');
  }
  if (!cloud && !spec.messaging) throw new InfraGenerateError('the spec declares neither application_requirements nor messaging: nothing to generate');
  const files: BundleFile[] = [];
  if (cloud) files.push(...cloudToolFiles(cloud, environments));
  if (spec.messaging) files.push({ path: MESSAGING_DECLARATION_PATH, content: canonicalJson(spec.messaging) });
  files.push(...imageFiles(spec, cloud), ...(await ansibleFiles(spec, deps)));
  const manifest: StackManifest = {
    stack: spec.stack,
    tool: spec.iac_tool,
    environments: [...environments],
    generate_only: cloud !== undefined && spec.iac_tool !== 'terraform',
    ...(spec.cloud_provider && { cloud_provider: spec.cloud_provider }),
    has_messaging: spec.messaging !== undefined,
    has_configuration: spec.configuration !== undefined,
  };
  return { files: [stackManifestFile(manifest), ...files], manifest };
}
