import { INFRA_BUNDLE_PATHS, type CiInfrastructureSpec, type CloudProvider, type StackManifest } from '@jetway/contracts';
import { terraformFiles, terraformProvider, type GeneratedFile, type TerraformModule } from '../generate-terraform';
import { AWS_CI } from './aws-ci';
import { AZURE_CI } from './azure-ci';
import { CI_MODULES, foundationSpec, isReused, type CiLayers, type CiModule } from './ci-layers';
import { deployScript } from './deploy-script';
import { GCP_CI } from './gcp-ci';

/** Where the CI bundle keeps its infrastructure: laid out as an infrastructure bundle (manifest, modules, environment roots). */
export const CI_INFRASTRUCTURE_DIR = 'infrastructure';

const CI_LAYERS: Readonly<Record<CloudProvider, CiLayers>> = { aws: AWS_CI, azure: AZURE_CI, gcp: GCP_CI };

/** The modules the request asks for: a registry only with `container_registries`. */
const modulesOf = (spec: CiInfrastructureSpec): CiModule[] => CI_MODULES.filter((module) => module !== 'registry' || spec.container_registries);

/**
 * The seed's `generate_infrastructure_code` for the CI/CD setup pipeline: Terraform for its CI
 * runners, artifact storage, container registry and deployment environments, on the request's
 * cloud provider. The provider's own network, security and observability layers are reused as they
 * are (one private zone; keys, audit logs); the CI modules are written beside them with the same
 * helpers; one root per deployment environment, identical but for its tfvars (the infrastructure
 * generator's `terraformFiles`). Paths are under `infrastructure/`, with a `jetway-stack.json`
 * (what the CI bundle's scan reads) and a deploy script.
 */
export function generateCiInfrastructure(spec: CiInfrastructureSpec, application: string): GeneratedFile[] {
  const provider = terraformProvider(spec.cloud_provider);
  const ci = CI_LAYERS[spec.cloud_provider];
  const foundation = foundationSpec(spec, application);
  const blocksOf = (module: CiModule) => {
    if (!isReused(module)) return ci[module](spec);
    const blocks = provider.layer(foundation, module);
    return ci.reuse ? ci.reuse(module, blocks) : blocks;
  };
  const modules: TerraformModule[] = modulesOf(spec).map((name) => ({ name, blocks: blocksOf(name) }));
  const files = terraformFiles({
    label: `${spec.cloud_provider} CI infrastructure`,
    modules,
    wiring: { ...provider.wiring, ...ci.wiring },
    root: provider.root(foundation),
    ...(provider.rootVariables && { rootVariables: provider.rootVariables }),
    environments: spec.deployment_environments,
    parameters: (environment) => ({ ...provider.parameters(foundation, environment), ...ci.parameters(spec, environment) }),
  });
  const manifest: StackManifest = {
    stack: foundation.stack,
    tool: 'terraform',
    environments: [...spec.deployment_environments],
    generate_only: false,
    cloud_provider: spec.cloud_provider,
    has_messaging: false,
    has_configuration: false,
  };
  const inside = [
    { path: INFRA_BUNDLE_PATHS.manifest, content: `${JSON.stringify(manifest, null, 2)}\n` },
    ...files,
    { path: 'deploy.sh', content: deployScript(spec.deployment_environments) },
  ];
  return inside.map((file) => ({ path: `${CI_INFRASTRUCTURE_DIR}/${file.path}`, content: file.content }));
}

