export { ApprovalsModule, approvalDeps } from './approvals.module';
export { ApprovalHandler } from './approval.handler';
export { APPROVAL_DEPS } from './approval.tokens';
export { deliverApproval, type ApprovalDelivery, type ApprovalDeps, type ApprovalSlack } from './deliver-approval.use-case';
export { HttpApprovalSlack, type SlackWebhookOptions } from './approval-slack';
export { approvalEventIdOf, approveCommand, requiredApprovalsOf, waitsFor, whereOf, type ApprovalNotice } from './approval-notice';
export { toApprovalSlackPayload } from './approval-slack-message';
export { changeLines, countsLine, cutToFit, markOf, type Cut } from './plan-lines';
