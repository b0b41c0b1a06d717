// The Ansible configuration stage: syntax check, check-mode plan, apply, idempotency.
export { AnsibleRunner, type AnsibleRunnerOptions } from './ansible-runner';
export { type AnsibleReport, type HostCounts, type TaskResult, changedTasks, describePlan, totalChanged } from './ansible-report';
export {
  AnsibleMissingError,
  AnsibleRunError,
  AnsibleSyntaxError,
  AnsibleTimeoutError,
  NotIdempotentError,
} from './ansible-errors';
