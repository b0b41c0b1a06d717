import type { EnvironmentType } from '@jetway/contracts';

/**
 * The seed's `deployment_scripts`: `infrastructure/deploy.sh <environment> [plan|apply]` plans
 * (and applies) one environment's root in the backend workspace named as it — the same
 * convention as the infrastructure pipeline's applies — refusing while its tfvars still hold
 * REPLACE-ME values, and refusing production while staging has no workspace in the backend.
 */
export function deployScript(environments: readonly EnvironmentType[]): string {
  const names = environments.join('|');
  const gated = environments.includes('production') && environments.includes('staging');
  return [
    '#!/usr/bin/env bash',
    `# Plans, then with "apply" applies, one environment of the CI infrastructure: ./deploy.sh <${names}> [plan|apply]`,
    `# Environments in promotion order: ${environments.join(', ')}. Each environment's state is the backend workspace named as it.`,
    'set -euo pipefail',
    'environment="${1:-}"',
    'action="${2:-plan}"',
    'usage() { echo "usage: $0 <' + names + '> [plan|apply]" >&2; exit 2; }',
    'case "$environment" in',
    `  ${names}) ;;`,
    '  *) usage ;;',
    'esac',
    'case "$action" in',
    '  plan|apply) ;;',
    '  *) usage ;;',
    'esac',
    'cd "$(dirname "$0")/environments/$environment"',
    'if grep -n "REPLACE-ME" terraform.tfvars >&2; then',
    '  echo "environments/$environment/terraform.tfvars: fill in the REPLACE-ME values above first" >&2',
    '  exit 1',
    'fi',
    'terraform init -input=false',
    ...(gated
      ? [
          'if [ "$environment" = production ] && ! terraform workspace list | grep -qw staging; then',
          '  echo "staging has no workspace in the backend yet: plan and apply staging first (./deploy.sh staging apply)" >&2',
          '  exit 1',
          'fi',
        ]
      : []),
    'terraform workspace select -or-create "$environment"',
    'terraform plan -input=false -out=tfplan',
    'if [ "$action" = apply ]; then',
    '  terraform apply -input=false tfplan',
    'fi',
    '',
  ].join('\n');
}
