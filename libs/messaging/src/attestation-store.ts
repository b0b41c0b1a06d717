import {
  attestationKey,
  ScanAttestation,
  VerifiedAttestation,
  type Digest,
  type Environment,
} from '@jetway/contracts';
import { KvStore } from './kv-store';
import type { Mesh } from './mesh';

/**
 * Facts about digests in the `jetway-attestations` bucket: the scanner's verdict
 * (`scan.<hex>`) and a verified release (`verified.<env>.<hex>`). Gates read these, never
 * claims carried in a payload.
 */
export class AttestationStore {
  private readonly scans: KvStore<typeof ScanAttestation>;
  private readonly verifications: KvStore<typeof VerifiedAttestation>;

  constructor(mesh: Mesh) {
    this.scans = new KvStore(mesh.kv('attestations'), ScanAttestation);
    this.verifications = new KvStore(mesh.kv('attestations'), VerifiedAttestation);
  }

  /** The scan verdict on a digest; undefined when it was never scanned. */
  async scanVerdict(digest: Digest): Promise<'pass' | 'fail' | undefined> {
    return (await this.scans.get(attestationKey('scan', digest)))?.value.verdict;
  }

  async verified(environment: Environment, digest: Digest): Promise<boolean> {
    return (await this.verifications.get(attestationKey('verified', digest, environment))) !== undefined;
  }

  async recordScan(attestation: ScanAttestation): Promise<void> {
    await this.scans.put(attestationKey('scan', attestation.digest), attestation);
  }

  async recordVerified(attestation: VerifiedAttestation): Promise<void> {
    await this.verifications.put(attestationKey('verified', attestation.digest, attestation.environment), attestation);
  }
}
