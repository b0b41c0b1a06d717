import type { RuleHit } from '../iac-rule';
import type { Body, Resource, TerraformModel } from '../terraform-model';

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
