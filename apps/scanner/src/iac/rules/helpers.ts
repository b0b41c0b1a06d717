import type { RuleHit } from '../iac-rule';
import type { Body, Resource, TerraformModel } from '../terraform-model';
import { blocks } from '../terraform-model';

/** The resources of `type`. */
export function ofType(model: TerraformModel, type: string): Resource[] {
  return model.resources.filter((r) => r.type === type);
}

/** A hit on a resource: `<type>.<name>` as Terraform addresses it. */
export function hit(resource: Resource, message: string): RuleHit {
  return { file: resource.file, line: resource.line, subject: `${resource.type}.${resource.name}`, message };
}

/** Resources of `type` whose body `bad` says is wrong, one hit each with `message`. */
export function flag(model: TerraformModel, type: string, bad: (body: Body) => boolean, message: string): RuleHit[] {
  return ofType(model, type).filter((r) => bad(r.body)).map((r) => hit(r, message));
}

/** Whether some resource of `type` names `target` (its `bucket`, `vpc_id`… attribute refers to it). */
export function referenced(model: TerraformModel, type: string, target: Resource): boolean {
  const address = `${target.type}.${target.name}`;
  return ofType(model, type).some((r) => JSON.stringify(r.body).includes(address));
}

export const OPEN_TO_WORLD = ['0.0.0.0/0', '::/0'];

/** The ingress rules of a security group (inline blocks) that open `port` to the whole internet. */
export function openIngress(body: Body, ports: readonly number[]): number[] {
  const ingress = (Array.isArray(body['ingress']) ? body['ingress'] : []) as Body[];
  return ports.filter((port) =>
    ingress.some((rule) => {
      const cidrs = [...((rule['cidr_blocks'] as string[] | undefined) ?? []), ...((rule['ipv6_cidr_blocks'] as string[] | undefined) ?? [])];
      const from = Number(rule['from_port']);
      const to = Number(rule['to_port']);
      const allPorts = rule['protocol'] === '-1' || rule['protocol'] === 'all';
      return cidrs.some((c) => OPEN_TO_WORLD.includes(c)) && (allPorts || (from <= port && port <= to));
    }),
  );
}

/** Production, or the disaster-recovery copy that stands in for it: both must survive a zone. */
export const servesProduction = (environment: string): boolean => environment === 'production' || environment === 'dr';

/** The first nested block `name` of a body (or an empty body). */
export const first = (body: Body, name: string): Body => blocks(body, name)[0] ?? {};

/** A value as a list of strings (a single value as one). */
export const listOf = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)]);

/** One hit for a whole configuration that lacks something, placed on its first resource of `prefix` (none: no hit). */
export function missingFromConfiguration(model: TerraformModel, prefix: string, present: boolean, message: string): RuleHit[] {
  const where = model.resources.find((r) => r.type.startsWith(prefix));
  return present || !where ? [] : [hit(where, message)];
}

/** The tags (or labels) map of a body: inline map, or the first of a block-like list. */
export function tagsOf(body: Body, key = 'tags'): Body | undefined {
  const value = body[key];
  return (Array.isArray(value) ? value[0] : value) as Body | undefined;
}

export const REQUIRED_TAGS = ['owner', 'environment', 'cost_center'] as const;

/** Resources of `types` lacking one of the required tags (labels on Google Cloud), one hit each naming what is missing. */
export function untagged(model: TerraformModel, types: readonly string[], tags: (body: Body) => Body | undefined): RuleHit[] {
  return types.flatMap((t) => ofType(model, t)).flatMap((r) => {
    const missing = REQUIRED_TAGS.filter((k) => tags(r.body)?.[k] === undefined);
    return missing.length > 0 ? [hit(r, `missing ${r.type.startsWith('google_') ? 'labels' : 'tags'}: ${missing.join(', ')}`)] : [];
  });
}
