import { Document } from 'yaml';
import type { CloudSpec } from '@jetway/contracts';
import type { BundleFile } from '@jetway/messaging';
import { AWS_REGION } from './aws-resources';
import { generateOnlyHeader, isParam, isRef, type Arg, type CloudResource } from './cloud-resource';

type Plain = string | number | boolean | Plain[] | { [key: string]: Plain };

export const CROSSPLANE_LABEL = 'jetway.dev/stack';

/** `<stack>-<name>`: the managed resource's name, and what references resolve against. */
export const crossplaneName = (stack: string, name: string) => `${stack}-${name}`;

/** The field a reference is written in: `vpcId` → `vpcIdRef`, `subnetIds` → `subnetIdRefs`, `vpcZoneIdentifier` → `vpcZoneIdentifierRefs`. */
function refField(key: string, many: boolean): string {
  if (!many) return `${key}Ref`;
  return key.endsWith('Ids') ? `${key.slice(0, -1)}Refs` : `${key}Refs`;
}

/** Upjet's forProvider: values as they are, references as `…Ref(s): {name}`, account values as REPLACE-ME strings. */
function forProvider(args: Readonly<Record<string, Arg>>, stack: string): { [key: string]: Plain } {
  const out: { [key: string]: Plain } = {};
  for (const [key, value] of Object.entries(args)) {
    if (isRef(value)) out[refField(key, false)] = { name: crossplaneName(stack, value.ref) };
    else if (Array.isArray(value) && value.length > 0 && value.every((item: Arg) => isRef(item))) out[refField(key, true)] = value.map((item: Arg) => ({ name: crossplaneName(stack, (item as { ref: string }).ref) }));
    else out[key] = plain(value, stack);
  }
  return out;
}

function plain(value: Arg, stack: string): Plain {
  if (isParam(value)) return `REPLACE-ME (${value.param}): ${value.description}`;
  if (Array.isArray(value)) return value.map((item: Arg) => (typeof item === 'object' && !Array.isArray(item) && !isParam(item) && !isRef(item) ? forProvider(item as Record<string, Arg>, stack) : plain(item, stack)));
  if (typeof value === 'object') return isRef(value) ? `${stack}-${value.ref}` : forProvider(value as Record<string, Arg>, stack);
  return value as string | number | boolean;
}

function manifest(spec: CloudSpec, resource: CloudResource): Plain {
  const args = { ...(spec.cloud_provider === 'aws' && { region: AWS_REGION }), ...resource.args, ...resource.crossplaneArgs };
  return {
    apiVersion: resource.crossplane.apiVersion,
    kind: resource.crossplane.kind,
    metadata: { name: crossplaneName(spec.stack, resource.name), labels: { [CROSSPLANE_LABEL]: spec.stack, 'jetway.dev/layer': resource.layer } },
    spec: { forProvider: forProvider(args, spec.stack), providerConfigRef: { name: 'default' } },
  };
}

/**
 * Crossplane managed resources (Upbound providers) for the cloud part, one multi-document file per
 * layer (`crossplane/<layer>.yaml`). Files only: Jetway never applies them to a cluster.
 */
export function crossplaneFiles(spec: CloudSpec, resources: readonly CloudResource[]): BundleFile[] {
  const layers = [...new Set(resources.map((r) => r.layer))];
  return layers.map((layer) => {
    const docs = resources.filter((r) => r.layer === layer).map((resource, index) => {
      const doc = new Document(manifest(spec, resource), { aliasDuplicateObjects: false });
      if (index === 0) doc.commentBefore = generateOnlyHeader('crossplane', spec.stack, `Crossplane managed resources (${spec.cloud_provider}, Upbound provider), ${layer} layer`).split('\n').map((line) => ` ${line}`).join('\n');
      return doc.toString({ lineWidth: 0 });
    });
    return { path: `crossplane/${layer}.yaml`, content: docs.join('---\n') };
  });
}
