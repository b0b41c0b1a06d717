import type { KV } from 'nats';
import { fromPublic, fromSeed } from 'nkeys.js';
import { ApproverEnrolment, approverKey, decisionSigningText, type ApprovalDecided } from '@jetway/contracts';
import { PermanentError } from './errors';
import { KvStore } from './kv-store';

/**
 * The approvers an operator enrolled, in the `jetway-approvers` bucket: each name's public nkey.
 * Decisions are signed with the matching seed (which only the approver holds); the planner
 * verifies them here. Writing needs a NATS user allowed to write the bucket (`ops`).
 */
export class ApproverRegistry {
  private readonly store: KvStore<typeof ApproverEnrolment>;

  constructor(kv: KV) {
    this.store = new KvStore(kv, ApproverEnrolment);
  }

  async get(name: string): Promise<ApproverEnrolment | undefined> {
    return (await this.store.get(approverKey(name)))?.value;
  }

  async enrol(enrolment: ApproverEnrolment): Promise<void> {
    await this.store.put(approverKey(enrolment.name), enrolment);
  }

  async list(): Promise<ApproverEnrolment[]> {
    const keys = await this.store.keys('approver.>');
    const entries = await Promise.all(keys.map(async (key) => (await this.store.get(key))?.value));
    return entries.filter((e): e is ApproverEnrolment => e !== undefined).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** False when the name was not enrolled. */
  async revoke(name: string): Promise<boolean> {
    if (!(await this.get(name))) return false;
    await this.store.delete(approverKey(name));
    return true;
  }
}

type Unsigned = Omit<ApprovalDecided, 'signature'>;

/** The public key of a seed (`SU…`), or a `PermanentError` saying the file is not an nkey seed. */
export function publicKeyOfSeed(seed: string): string {
  try {
    return fromSeed(new TextEncoder().encode(seed.trim())).getPublicKey();
  } catch (error) {
    throw new PermanentError(`not an nkey seed (expected a line starting with SU…): ${(error as Error).message}`);
  }
}

/** Signs a decision with the approver's seed: base64url of the Ed25519 signature of its signing text. */
export function signDecision(seed: string, decision: Unsigned): string {
  const pair = fromSeed(new TextEncoder().encode(seed.trim()));
  return Buffer.from(pair.sign(new TextEncoder().encode(decisionSigningText(decision)))).toString('base64url');
}

/** Does `signature` verify the decision under `publicKey`? Never throws: a malformed key or signature is a no. */
export function verifyDecision(publicKey: string, decision: Unsigned, signature: string): boolean {
  try {
    const text = new TextEncoder().encode(decisionSigningText(decision));
    return fromPublic(publicKey).verify(text, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}
