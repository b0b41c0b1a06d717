import { artifactObjectName } from '@jetway/contracts';
import { AttestationStore, type ArtifactObjects, type Mesh } from '@jetway/messaging';
import { KeyedQueue } from '../handlers/keyed-queue';
import { AnsibleRunner } from '../iac/ansible';
import { applyMessaging, planMessaging, readActual, scopeOf, verifyMessaging } from '../iac/jetstream';
import { packerValidate } from '../iac/packer';
import { TerraformDriver } from '../iac/terraform';
import type { InfraDeps, SmokeGet } from './infra.ports';
import { InfraStackStore } from './stack-store';
import { workspaceDir } from './workspace';

export interface InfraWiringOptions {
  /** The deployer's data directory: workspaces go under `<data>/infra`. */
  readonly dataDir: string;
  /** `terraform`/`tofu` binary (a path or a name on PATH); default: the first of terraform, tofu on PATH. */
  readonly terraformBinary?: string;
  /** Variables added to the deployer's environment for Terraform commands (credentials, TF_VAR_*, a stand-in's settings). */
  readonly terraformEnv?: Readonly<Record<string, string>>;
}

/**
 * The infrastructure steps' ports over the real drivers: Terraform through its CLI, JetStream
 * on the mesh's own connection (messaging stacks apply to the nats-server the mesh runs on),
 * ansible-playbook and packer from PATH, bundles from the artifact Object Store.
 */
export function wireInfra(mesh: Mesh, objects: ArtifactObjects, options: InfraWiringOptions): InfraDeps {
  const queue = new KeyedQueue();
  const terraform = new TerraformDriver({ ...(options.terraformBinary ? { binary: options.terraformBinary } : {}), env: { ...process.env, ...options.terraformEnv } });
  const attestations = new AttestationStore(mesh);
  return {
    store: InfraStackStore.of(mesh),
    bundles: { bytes: (digest) => objects.getBytes(artifactObjectName(digest)) },
    workspace: (stack, environment) => workspaceDir(options.dataDir, stack, environment),
    terraform,
    messaging: {
      plan: async (declared) => planMessaging(declared, await readActual(mesh.jsm, scopeOf(declared))),
      apply: (plan, hash) => applyMessaging(mesh.jsm, plan, hash),
      verify: (declared) => verifyMessaging(mesh.nc, declared),
    },
    ansible: new AnsibleRunner(),
    packer: { validate: (template) => packerValidate(template) },
    get: smokeGet,
    attestations,
    now: () => new Date(),
    exclusive: (stack, environment, task) => queue.run(`infra:${stack}/${environment}`, task),
  };
}

/** A smoke test's GET (http and https): the status of that URL itself, redirects not followed. */
export const smokeGet: SmokeGet = async (url, timeoutMs) => {
  const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  await response.body?.cancel();
  return response.status;
};
