import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUCKETS, OBJECT_STORES, SMALL_OBJECT_BYTES } from '@jetway/contracts';
import { startNats, type NatsFixture } from '@jetway/testing';
import { ArtifactObjects } from './artifact-objects';
import { TransientError } from './errors';
import { Mesh } from './mesh';
import { readObject } from './object-chunks';

describe('ArtifactObjects on a real nats-server', () => {
  let nats: NatsFixture;
  let mesh: Mesh;
  let objects: ArtifactObjects;
  const dir = mkdtempSync(join(tmpdir(), 'jetway-objects-'));

  beforeAll(async () => {
    nats = await startNats();
    mesh = await Mesh.connect({ servers: nats.url, name: 'objects-spec' });
    objects = ArtifactObjects.of(mesh);
  });
  afterAll(async () => {
    await mesh.drain();
    await nats.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads back a many-chunk object byte for byte, into memory and into a file', async () => {
    const bytes = randomBytes(700 * 1024); // six 128 KiB chunks
    await objects.putBytes('spec-many-chunks', bytes);
    expect((await mesh.artifacts.info('spec-many-chunks'))?.chunks).toBeGreaterThan(1);

    expect(Buffer.compare(await objects.getBytes('spec-many-chunks'), bytes)).toBe(0);
    const file = join(dir, 'copy.bin');
    await objects.getToFile('spec-many-chunks', file);
    expect(Buffer.compare(readFileSync(file), bytes)).toBe(0);
  });

  it('reads the newest version of a name written twice', async () => {
    await objects.putBytes('spec-rewritten', Buffer.from('first'));
    await objects.putBytes('spec-rewritten', Buffer.from('second'));
    expect((await objects.getBytes('spec-rewritten')).toString()).toBe('second');
  });

  it('keeps a small object in one write to the small-objects bucket, and reads it back like any other', async () => {
    const writes = async () => {
      const [kv, os] = await Promise.all([mesh.jsm.streams.info(`KV_${BUCKETS.smallObjects.name}`), mesh.jsm.streams.info(`OBJ_${OBJECT_STORES.artifacts.name}`)]);
      return { kv: kv.state.last_seq, os: os.state.last_seq };
    };
    const before = await writes();
    const log = Buffer.from('built\n');
    await objects.putBytes('spec-small-log', log);
    const file = join(dir, 'small.sarif');
    writeFileSync(file, '{"runs":[]}');
    await objects.putFile('spec-small-file', file);
    expect(await writes()).toEqual({ kv: before.kv + 2, os: before.os });

    expect((await objects.getBytes('spec-small-log')).toString()).toBe('built\n');
    expect(await objects.has('spec-small-file')).toBe(true);
    await objects.getToFile('spec-small-file', join(dir, 'small-copy.sarif'));
    expect(readFileSync(join(dir, 'small-copy.sarif'), 'utf8')).toBe('{"runs":[]}');
    // What the CLI reads with plain message gets.
    expect((await readObject(mesh.jsm, OBJECT_STORES.artifacts.name, 'spec-small-log'))?.toString()).toBe('built\n');
    expect(await readObject(mesh.jsm, OBJECT_STORES.artifacts.name, 'spec-never-stored')).toBeUndefined();
  });

  it('reads the large version of a name written small before (the small copy is dropped), and the small one written after', async () => {
    const large = randomBytes(SMALL_OBJECT_BYTES + 1);
    await objects.putBytes('spec-grown', Buffer.from('small first'));
    await objects.putBytes('spec-grown', large);
    expect(Buffer.compare(await objects.getBytes('spec-grown'), large)).toBe(0);
    expect(Buffer.compare((await readObject(mesh.jsm, OBJECT_STORES.artifacts.name, 'spec-grown')) ?? Buffer.alloc(0), large)).toBe(0);
    await objects.putBytes('spec-grown', Buffer.from('small again'));
    expect((await objects.getBytes('spec-grown')).toString()).toBe('small again');
  });

  it('stores a content-addressed object once: a new small one in one write with no read first, a large one after one look-up', async () => {
    const lastSeqs = async () => {
      const [kv, os] = await Promise.all([mesh.jsm.streams.info(`KV_${BUCKETS.smallObjects.name}`), mesh.jsm.streams.info(`OBJ_${OBJECT_STORES.artifacts.name}`)]);
      return { kv: kv.state.last_seq, os: os.state.last_seq };
    };
    // Reads of the bucket, as the server sees them asked for (direct gets are plain requests).
    const reads = mesh.nc.subscribe(`$JS.API.DIRECT.GET.KV_${BUCKETS.smallObjects.name}.>`);
    await mesh.nc.flush();
    const small = Buffer.from('a one-file artifact');
    const before = await lastSeqs();
    expect(await objects.putOnce('spec-once-small', small)).toBe('stored');
    await mesh.nc.flush();
    expect(reads.getReceived()).toBe(0);
    reads.unsubscribe();
    expect(await objects.putOnce('spec-once-small', small)).toBe('present');
    const file = join(dir, 'once.tgz');
    writeFileSync(file, small);
    expect(await objects.putFileOnce('spec-once-small', file)).toBe('present');
    expect(await lastSeqs()).toEqual({ kv: before.kv + 1, os: before.os });
    expect((await objects.getBytes('spec-once-small')).toString()).toBe('a one-file artifact');

    const large = randomBytes(SMALL_OBJECT_BYTES + 1);
    writeFileSync(file, large);
    expect(await objects.putFileOnce('spec-once-large', file)).toBe('stored');
    const stored = await lastSeqs();
    expect(await objects.putOnce('spec-once-large', large)).toBe('present');
    expect(await lastSeqs()).toEqual(stored);
    expect(Buffer.compare(await objects.getBytes('spec-once-large'), large)).toBe(0);
  });

  it('stores a content-addressed small object again over a deleted one', async () => {
    await objects.putOnce('spec-once-deleted', Buffer.from('v'));
    await mesh.kv('smallObjects').delete('spec-once-deleted');
    expect(await objects.putOnce('spec-once-deleted', Buffer.from('v'))).toBe('stored');
    expect((await objects.getBytes('spec-once-deleted')).toString()).toBe('v');
  });

  it('calls an object that is not there transient, naming it', async () => {
    await expect(objects.getBytes('spec-never-stored')).rejects.toThrow(TransientError);
    await expect(objects.getBytes('spec-never-stored')).rejects.toThrow(/spec-never-stored is not in the artifact store/);
  });
});
