import type { CloudSpec, EnvironmentType } from '@jetway/contracts';
import type { TerraformProvider } from '../generate-terraform';
import { nested, ref, type Value } from '../hcl-writer';
import { computeLayer, observabilityLayer } from './gcp-compute';
import { dataLayer } from './gcp-data';
import { networkLayer, securityLayer } from './gcp-network-security';
import { ENVIRONMENT_CIDRS, productionLike } from '../environments';

/** The google provider the generated code is written for (and its specs check arguments against). */
export const GOOGLE_VERSION = '~> 6.50';

/** A label value Google accepts: lowercase letters, digits, `_` and `-`, at most 63. */
const label = (value: string) => value.toLowerCase().replace(/[^a-z0-9_-]/g, '_').slice(0, 63);

/** What differs between Google Cloud environments: the parameters only (the spec's environment parity). */
function parameters(request: CloudSpec, environment: EnvironmentType): Record<string, Value> {
  const production = productionLike(environment);
  const performance = request.application_requirements.compute.performance === 'high';
  const region = environment === 'dr' ? 'europe-west4' : 'europe-west1';
  return {
    name: request.stack,
    environment,
    region,
    labels: { owner: label(request.requested_by), environment, cost_center: label(request.stack) },
    cidr_block: ENVIRONMENT_CIDRS[environment],
    management_cidr: '10.0.100.0/24',
    bucket_location: production ? 'EUR4' : region.toUpperCase(),
    sql_tier: production ? 'db-custom-4-15360' : 'db-custom-2-7680',
    sql_availability_type: production ? 'REGIONAL' : 'ZONAL',
    backup_retention_days: production ? 35 : 7,
    redis_tier: production ? 'STANDARD_HA' : 'BASIC',
    redis_memory_gb: production ? 5 : 1,
    machine_type: performance ? 'n2-standard-4' : 'n2-standard-2',
    log_retention_days: production ? 365 : 90,
    // What only the project knows: named plainly, so a plan fails on them rather than guessing.
    project_id: 'REPLACE-ME-project-id',
    image: 'REPLACE-ME: the image self-link of the Packer build',
    container_image: 'REPLACE-ME: the application image (registry/name@sha256:…)',
    function_source_bucket: 'REPLACE-ME: the bucket holding the function source',
    function_source_object: 'REPLACE-ME: the function source archive (function.zip)',
  };
}

export const GCP: TerraformProvider = {
  layer(request, layer) {
    switch (layer) {
      case 'network': return networkLayer(request);
      case 'security': return securityLayer(request);
      case 'data': return dataLayer(request);
      case 'compute': return computeLayer(request);
      case 'observability': return observabilityLayer();
    }
  },
  parameters,
  wiring: {
    network_id: 'module.network.network_id',
    app_subnet_id: 'module.network.app_subnet_id',
    crypto_key_id: 'module.security.crypto_key_id',
    app_service_account_email: 'module.security.app_service_account_email',
  },
  root: (request: CloudSpec) => [
    {
      type: 'terraform',
      labels: [],
      body: {
        required_version: '>= 1.10, < 2.0',
        required_providers: nested({ google: { source: 'hashicorp/google', version: GOOGLE_VERSION } }),
        // The same backend in every root (parity): each environment's state is the workspace named as it.
        'backend "gcs"': nested({ bucket: `${request.stack}-tfstate`, prefix: request.stack }),
      },
    },
    { type: 'provider', labels: ['google'], body: { project: ref('var.project_id'), region: ref('var.region'), default_labels: ref('var.labels') } },
  ],
};
