import { z } from 'zod';
import { CloudProvider, EnvironmentType, IacTool } from '../pipeline/infrastructure-request.v1';

/**
 * The infra-generate step's bundle (`packFiles(INFRA_BUNDLE_FORMAT, files)` in the artifact
 * Object Store, by digest), read by the scanner and the deployer: its format name, its layout and
 * its manifest are declared once, here.
 */
export const INFRA_BUNDLE_FORMAT = 'jetway.infra-bundle.v1';

/** Paths inside a bundle. */
export const INFRA_BUNDLE_PATHS = {
  manifest: 'jetway-stack.json',
  /** An environment's Terraform root: the `.tf` files directly in it, with its `terraform.tfvars`. */
  terraformRoot: (environment: string) => `environments/${environment}`,
  messaging: 'messaging/declaration.json',
  packer: 'packer/image.pkr.json',
  playbook: 'ansible/playbook.yml',
  inventory: 'ansible/inventory',
} as const;

/** `jetway-stack.json`: what the bundle holds, for readers that must not guess it from the paths. */
export const StackManifest = z.object({
  stack: z.string().min(1),
  tool: IacTool,
  /** The run's environments, in apply order (staging before production or dr). */
  environments: z.array(EnvironmentType),
  /** True when the cloud part is files only (pulumi, cloudformation, crossplane): nothing to plan or apply. */
  generate_only: z.boolean(),
  cloud_provider: CloudProvider.optional(),
  has_messaging: z.boolean(),
  /** True when the request has a configuration stage: the configure step runs the playbook against the inventory. */
  has_configuration: z.boolean(),
});
export type StackManifest = z.infer<typeof StackManifest>;
