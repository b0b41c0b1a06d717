import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InfrastructureSpec } from '@jetway/contracts';
import { generateInfrastructure, restoreMismatch } from './generate-infrastructure.use-case';
import { InfraGenerateError, type InfraBundleStore } from './infra-bundle';
import { infraSpec, infraTrigger, ORDERS_MESSAGING } from './infra-spec.testing';

/** The Object Store as the use case sees it: what was put, by digest. */
function memoryStore(): InfraBundleStore & { readonly digests: string[] } {
  const digests: string[] = [];
  return { digests, put: async (digest) => void digests.push(digest) };
}

const A = `sha256:${'a'.repeat(64)}`;

describe('a rollback run’s generate step (spec.restores)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jetway-infra-restores-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const messaging = (extra: Record<string, unknown> = {}) =>
    infraSpec({ application_requirements: undefined, cloud_provider: undefined, budget_constraints: undefined, environment_type: 'staging', messaging: ORDERS_MESSAGING, ...extra });
  const generate = (spec: InfrastructureSpec, store = memoryStore()) => generateInfrastructure(infraTrigger(spec), { store, workingDir: dir });
  const restoring = (spec: InfrastructureSpec, digest: string, sequence = 1): InfrastructureSpec => ({ ...spec, restores: { environment: 'staging', sequence, digest, requested_by: 'bob' } });

  it('passes when the entry’s spec still generates the entry’s files: the same digest, restores or not', async () => {
    const applied = await generate(messaging());
    const store = memoryStore();
    const rollback = await generate(restoring(messaging(), applied.digest), store);
    expect(rollback).toEqual(applied);
    expect(store.digests).toEqual([applied.digest]);
  });

  it('passes for a cloud stack too (requested_by, the owner tag, kept as the entry had it)', async () => {
    const applied = await generate(infraSpec({}, 'containers'));
    expect((await generate(restoring(infraSpec({}, 'containers'), applied.digest))).digest).toBe(applied.digest);
  });

  it('fails, storing nothing, when the files are not the entry’s any more (here: the playbook changed since)', async () => {
    await writeFile(join(dir, 'site.yml'), '- hosts: all\n  tasks: []\n');
    const spec = messaging({ configuration: { playbook: 'site.yml', inventory: 'localhost,' } });
    const applied = await generate(spec);
    await writeFile(join(dir, 'site.yml'), '- hosts: all\n  gather_facts: false\n  tasks: []\n');
    const store = memoryStore();
    const error = await generate(restoring(spec, applied.digest, 3), store).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InfraGenerateError);
    expect((error as Error).message).toMatch(
      new RegExp(`^the generators no longer produce the files of changelog entry 3 of staging \\(${applied.digest.slice(0, 19)}… then, sha256:[0-9a-f]{12}… now\\): a generator, or a file the spec names`),
    );
    expect(store.digests).toEqual([]);
  });

  it('says nothing for a run that restores nothing, or restores the same digest', () => {
    expect(restoreMismatch(undefined, A)).toBeUndefined();
    expect(restoreMismatch({ environment: 'production', sequence: 2, digest: A }, A)).toBeUndefined();
    expect(restoreMismatch({ environment: 'production', sequence: 2, digest: A }, `sha256:${'b'.repeat(64)}`)).toContain(
      `changelog entry 2 of production (sha256:aaaaaaaaaaaa… then, sha256:bbbbbbbbbbbb… now)`,
    );
  });
});
