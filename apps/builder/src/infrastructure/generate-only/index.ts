import type { CloudProvider, CloudSpec } from '@jetway/contracts';
import type { BundleFile } from '@jetway/messaging';
import { awsResources } from './aws-resources';
import { azureResources } from './azure-resources';
import { shapeOf, type CloudResource, type StackShape } from './cloud-resource';
import { cloudFormationFiles } from './cloudformation';
import { crossplaneFiles } from './crossplane';
import { gcpResources } from './gcp-resources';
import { pulumiFiles } from './pulumi';

const RESOURCES: Readonly<Record<CloudProvider, (shape: StackShape) => CloudResource[]>> = { aws: awsResources, azure: azureResources, gcp: gcpResources };

/**
 * The files of a generate-only tool for the cloud part: pulumi (`pulumi/Pulumi.yaml` +
 * `pulumi/Main.yaml`), cloudformation (`cloudformation/template.yaml`, AWS only) or crossplane
 * (`crossplane/<layer>.yaml`). Terraform is not one of them (generate-terraform.ts).
 */
export function generateOnlyFiles(cloud: CloudSpec): BundleFile[] {
  const shape = shapeOf(cloud);
  switch (cloud.iac_tool) {
    case 'pulumi':
      return pulumiFiles(cloud, RESOURCES[cloud.cloud_provider](shape));
    case 'crossplane':
      return crossplaneFiles(cloud, RESOURCES[cloud.cloud_provider](shape));
    case 'cloudformation':
      return cloudFormationFiles(cloud, shape);
    case 'terraform':
      throw new Error('terraform is planned and applied, not generate-only: generateTerraform writes it');
  }
}
