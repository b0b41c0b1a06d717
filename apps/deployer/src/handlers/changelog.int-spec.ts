import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { ChangelogReply, InfrastructureSpec, queries, type ChangelogEntry, type EnvironmentType } from '@jetway/contracts';
import { Mesh, requestReply, type ServiceHandle } from '@jetway/messaging';
import { startNats, type NatsFixture } from '@jetway/testing';
import { loadDeployerConfig, startDeployer } from '../index';
import { InfraStackStore } from '../infrastructure';

// `jetway.query.infra-changelog.v1` answered by the deployer as `npm start` runs it, on a real
// nats-server: the entries the apply step appends to KV jetway-infra, newest first, per
// environment or all of them, limited; an entry written before specs were recorded still reads.

const spec = (maxAge: number) =>
  InfrastructureSpec.parse({
    stack: 'ledger', requested_by: 'ana', environment_type: 'production', compliance_requirements: [], iac_tool: 'terraform',
    messaging: { managed_prefix: 'ledger', streams: [{ name: 'LEDGER', subjects: ['ledger.>'], max_age_seconds: maxAge }] },
  });
const hex = (c: string) => c.repeat(64);

describe('the changelog query (int, real nats-server, the deployer service)', () => {
  let nats: NatsFixture;
  let mesh: Mesh;
  let dir: string;
  let deployer: ServiceHandle | undefined;
  const runs = [ulid(), ulid(), ulid()];

  beforeAll(async () => {
    nats = await startNats();
    mesh = await Mesh.connect({ servers: nats.url, name: 'changelog-int-spec' });
    dir = await mkdtemp(join(tmpdir(), 'jetway-changelog-int-'));
    deployer = await startDeployer(loadDeployerConfig({ JETWAY_NATS_URL: nats.url, JETWAY_LOG_LEVEL: 'error', JETWAY_DEPLOYER_RUNTIME: 'noop', JETWAY_ROUTER_PORT: '0', JETWAY_DEPLOYER_DATA_DIR: dir }));
    // Three applies as infra-apply records them: staging then production of run 0 (the first
    // without a spec, as entries were written before), staging of run 1.
    const store = InfraStackStore.of(mesh);
    const append = (environment: EnvironmentType, run: number, at: string, digest: string, withSpec?: number) =>
      store.appendChangelog({
        stack: 'ledger', environment, run_id: runs[run] ?? '', digest: `sha256:${hex(digest)}`, plan_hash: createHash('sha256').update(`${run}/${environment}`).digest('hex'),
        summary: '0 added, 1 changed, 0 destroyed: update jetstream.stream.LEDGER', approved_by: ['alice'], applied_at: at, ...(withSpec && { spec: spec(withSpec) }),
      });
    await append('staging', 0, '2026-01-01T10:00:00.000Z', 'a');
    await append('production', 0, '2026-01-01T10:05:00.000Z', 'a', 3600);
    await append('staging', 1, '2026-01-02T09:00:00.000Z', 'b', 7200);
  });
  afterAll(async () => {
    await deployer?.stop();
    await mesh?.drain();
    await nats?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const ask = (query: Record<string, unknown>) => requestReply(mesh.nc, queries.infraChangelog, query, ChangelogReply, 10_000);
  const listed = (reply: ChangelogReply) => (reply.ok ? reply.entries.map((e: ChangelogEntry) => `${e.environment}#${e.sequence}`) : reply.error);

  it('answers every environment’s entries, newest first, with the spec each applied', async () => {
    const reply = await ask({ stack: 'ledger' });
    expect(listed(reply)).toEqual(['staging#2', 'production#1', 'staging#1']);
    if (!reply.ok) throw new Error(reply.error);
    expect(reply.entries[0]).toMatchObject({ run_id: runs[1], digest: `sha256:${hex('b')}`, approved_by: ['alice'], spec: { messaging: { streams: [{ name: 'LEDGER', max_age_seconds: 7200 }] } } });
    expect(reply.entries[2]?.spec).toBeUndefined();
  });

  it('answers one environment’s, and at most limit', async () => {
    expect(listed(await ask({ stack: 'ledger', environment: 'staging' }))).toEqual(['staging#2', 'staging#1']);
    expect(listed(await ask({ stack: 'ledger', limit: 1 }))).toEqual(['staging#2']);
  });

  it('answers no entries for a stack never applied, and names what is wrong with a query', async () => {
    expect(await ask({ stack: 'nowhere' })).toEqual({ ok: true, stack: 'nowhere', entries: [] });
    expect(await ask({ stack: 'ledger', limit: 0 })).toEqual({ ok: false, error: expect.stringContaining('limit') });
    expect(await ask({ stack: 'Ledger!' })).toEqual({ ok: false, error: expect.stringContaining('stack') });
  });
});
