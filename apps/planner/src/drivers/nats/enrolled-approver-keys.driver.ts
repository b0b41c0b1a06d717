import { fromPublic } from 'nkeys.js';
import type { ApprovalDecided } from '@jetway/contracts';
import { verifyDecision, type ApproverRegistry } from '@jetway/messaging';
import type { Authentication } from '../../domain/progress';
import type { ApproverKeys } from '../../use-cases/ports';

const ENROL = 'an operator enrols approvers with `jetway approvers enrol <name>` (README: Approvals)';

/** Does `signature` (base64url Ed25519) verify `text` under the public nkey? Never throws: malformed is a no. */
export function verifySignedText(publicKey: string, text: string, signature: string): boolean {
  try {
    return fromPublic(publicKey).verify(new TextEncoder().encode(text), Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/** Verifies a decision's signature against the key enrolled for the approver it names. */
export class EnrolledApproverKeys implements ApproverKeys {
  constructor(private readonly registry: Pick<ApproverRegistry, 'get'>) {}

  async authenticate(decision: ApprovalDecided): Promise<Authentication> {
    const { signature, ...unsigned } = decision;
    if (!signature) return { ok: false, why: `the decision is not signed; \`jetway approve\` signs it with ${decision.approver}'s enrolled key` };
    const enrolment = await this.registry.get(decision.approver);
    if (!enrolment) return { ok: false, why: `${decision.approver} has no enrolled key; ${ENROL}` };
    if (!verifyDecision(enrolment.public_key, unsigned, signature)) {
      return { ok: false, why: `the signature does not verify with the key enrolled for ${decision.approver} (${enrolment.public_key.slice(0, 8)}…)` };
    }
    return { ok: true };
  }

  async verify(approver: string, text: string, signature: string | undefined, what: string): Promise<Authentication> {
    if (!signature) return { ok: false, why: `the ${what} is not signed; the jetway CLI signs it with ${approver}'s enrolled key` };
    const enrolment = await this.registry.get(approver);
    if (!enrolment) return { ok: false, why: `${approver} has no enrolled key; ${ENROL}` };
    if (!verifySignedText(enrolment.public_key, text, signature)) {
      return { ok: false, why: `the signature of the ${what} does not verify with the key enrolled for ${approver} (${enrolment.public_key.slice(0, 8)}…)` };
    }
    return { ok: true };
  }
}
