import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OBJECT_STORES } from '@jetway/contracts';
import { startNats, type NatsFixture } from '@jetway/testing';
import { ArtifactObjects } from './artifact-objects';
import { TransientError } from './errors';
import { Mesh } from './mesh';

describe('ArtifactObjects on a real nats-server', () => {
  let nats: NatsFixture;
  let mesh: Mesh;
  let objects: ArtifactObjects;
  const dir = mkdtempSync(join(tmpdir(), 'jetway-objects-'));

  beforeAll(async () => {
    nats = await startNats();
    mesh = await Mesh.connect({ servers: nats.url, name: 'objects-spec' });
    objects = new ArtifactObjects(mesh.artifacts, { jsm: mesh.jsm, bucket: OBJECT_STORES.artifacts.name });
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

  it('calls an object that is not there transient, naming it', async () => {
    await expect(objects.getBytes('spec-never-stored')).rejects.toThrow(TransientError);
    await expect(objects.getBytes('spec-never-stored')).rejects.toThrow(/spec-never-stored is not in the artifact store/);
  });
});
