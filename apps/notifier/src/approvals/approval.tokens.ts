import type { Token } from '../notifier.tokens';
import type { ApprovalDeps } from './deliver-approval.use-case';

/** Everything approval notices need, assembled once by the approvals module. */
export const APPROVAL_DEPS = Symbol('jetway.notifier.approval-deps') as Token<ApprovalDeps>;
