import type { CiInfrastructureSpec, CloudProvider } from '@jetway/contracts';
import type { GeneratedCiFile } from '../model/pipeline-model';

/** What each module holds, as each provider builds it. */
const MODULES: Readonly<Record<CloudProvider, ReadonlyArray<readonly [string, string]>>> = {
  aws: [
    ['network', 'VPC, two private subnets, flow logs'],
    ['security', 'KMS key (rotated) for disks, artifacts, images and logs'],
    ['egress', 'internet and NAT gateways: the runners reach out, nothing reaches in'],
    ['artifacts', 'S3 bucket: KMS-encrypted, versioned, public access blocked, TLS only, objects expiring'],
    ['registry', 'ECR repository: immutable tags, scan on push, KMS-encrypted, untagged images expiring'],
    ['runners', 'autoscaling group from a launch template: no public IP, IMDSv2 only, encrypted volume, no ingress, SSM instead of SSH'],
    ['observability', 'multi-region CloudTrail, log group'],
  ],
  azure: [
    ['network', 'resource group, virtual network, private subnet, flow logs'],
    ['security', 'Key Vault (purge protection) with a rotated customer key, network security group'],
    ['egress', 'NAT gateway with one static address: the runners reach out, nothing reaches in'],
    ['artifacts', 'storage account: customer key, no public blobs or network (private endpoint), delete lock, blobs expiring'],
    ['registry', 'Premium container registry: no admin user or anonymous pull, private endpoint only, customer key'],
    ['runners', 'Linux VM scale set: no public IP, SSH keys only, encrypted at host, Secure Boot'],
    ['observability', 'Log Analytics, the subscription activity log, Key Vault and blob audit logs'],
  ],
  gcp: [
    ['network', 'VPC, private subnet with flow logs and private Google access'],
    ['security', 'KMS key (rotated), the runners’ service account, firewall rules'],
    ['egress', 'Cloud Router and Cloud NAT: the runners reach out without external IPs'],
    ['artifacts', 'Cloud Storage bucket: uniform access, public access prevented, customer key, versioned, objects expiring'],
    ['registry', 'Artifact Registry Docker repository: immutable tags, customer key, untagged images expiring'],
    ['runners', 'regional managed instance group: no external IP, Shielded VM, OS Login, CMEK disks'],
    ['observability', 'Data Access audit logs routed to a log bucket'],
  ],
};

const BACKENDS: Readonly<Record<CloudProvider, string>> = { aws: 'S3', azure: 'Azure Storage', gcp: 'Cloud Storage' };

/** The README's section on `infrastructure/`: what each module is, how the environments differ, how to apply them. */
export function infrastructureSection(spec: CiInfrastructureSpec | undefined, files: readonly GeneratedCiFile[]): string[] {
  if (!spec) return [];
  const modules = MODULES[spec.cloud_provider].filter(([name]) => files.some((file) => file.path === `infrastructure/modules/${name}/main.tf`));
  const environments = spec.deployment_environments;
  return [
    '## Infrastructure',
    '',
    `\`infrastructure/\` is Terraform (${spec.cloud_provider}) for this pipeline's own infrastructure in ${environments.join(', ')}: one root per environment (\`infrastructure/environments/<environment>/\`), identical but for its \`terraform.tfvars\`, over these modules:`,
    '',
    '| module | what it creates |',
    '|---|---|',
    ...modules.map(([name, what]) => `| \`${name}\` | ${what} |`),
    '',
    `- **Runners**: ${spec.ci_runners.count} per environment (\`runner_count\`). Their image (\`runner_image\`) must carry the CI platform's agent and register it at boot (read the registration token from your secret store): no token is written into Terraform.`,
    `- **Artifacts** are kept ${spec.artifact_storage.retention_days} days (\`artifact_retention_days\`)${spec.container_registries ? ', and so are untagged images' : ''}.`,
    '- **Applying**: fill in the `REPLACE-ME` values of each `terraform.tfvars`, then `infrastructure/deploy.sh <environment>` (a plan) and `infrastructure/deploy.sh <environment> apply`, ' +
      `${environments.length > 1 ? `in promotion order (${environments.join(' before ')})` : 'for the one environment'}. Every root shares one ${BACKENDS[spec.cloud_provider]} backend; each environment's state is the workspace named after it.`,
    "- **Scanned**: Jetway ran its IaC policy rules (those of its infrastructure pipeline) over each environment as its tfvars set it; their findings count toward the scan's verdict like those of the pipeline files.",
    '',
  ];
}
