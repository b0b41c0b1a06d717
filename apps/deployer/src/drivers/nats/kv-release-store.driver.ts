import { attestationKey, Release, releaseKey, ScanAttestation, VerifiedAttestation, type Environment } from '@jetway/contracts';
import { KvStore, type Mesh } from '@jetway/messaging';
import type { ReleaseStore } from '../../use-cases';

/** What runs per (application, environment), in the `jetway-releases` bucket. */
export class KvReleaseStore implements ReleaseStore {
  private readonly store: KvStore<typeof Release>;
  constructor(mesh: Mesh) {
    this.store = new KvStore(mesh.kv('releases'), Release);
  }
  async get(application: string, environment: Environment) {
    return (await this.store.get(releaseKey(application, environment)))?.value;
  }
  async put(release: Release) {
    await this.store.put(releaseKey(release.application, release.environment), release);
  }
}

/** The deployer's own reads and writes of attestations. */
export class KvAttestations {
  private readonly scans: KvStore<typeof ScanAttestation>;
  private readonly verified: KvStore<typeof VerifiedAttestation>;
  constructor(mesh: Mesh) {
    this.scans = new KvStore(mesh.kv('attestations'), ScanAttestation);
    this.verified = new KvStore(mesh.kv('attestations'), VerifiedAttestation);
  }
  async scanPassed(digest: string): Promise<boolean> {
    return (await this.scans.get(attestationKey('scan', digest)))?.value.verdict === 'pass';
  }
  async recordVerified(attestation: VerifiedAttestation): Promise<void> {
    await this.verified.put(attestationKey('verified', attestation.digest, attestation.environment), attestation);
  }
}
