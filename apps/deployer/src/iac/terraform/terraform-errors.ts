import { PermanentError, TransientError } from '@jetway/messaging';

/** Neither `terraform` nor `tofu` is found: installing one (or naming its path) is the fix, retrying is not. */
export class TerraformMissingError extends PermanentError {
  constructor(readonly searched: readonly string[], cause?: unknown) {
    super(
      `terraform (or tofu) is not on PATH: looked in ${searched.join(', ') || '(empty PATH)'} — install Terraform or OpenTofu, ` +
        'or give the driver the binary path',
      { cause },
    );
  }
}

/** A command exited non-zero: its exit code and Terraform's own stderr, which says what is wrong. */
export class TerraformCommandError extends PermanentError {
  constructor(readonly args: readonly string[], readonly exitCode: number | null, readonly stderr: string) {
    super(`terraform ${args.join(' ')} failed (exit ${exitCode ?? 'signal'}): ${stderr.trim() || '(no stderr)'}`);
  }
}

/** A command ran past its timeout and its process group was killed; a later run may succeed. */
export class TerraformTimeoutError extends TransientError {
  constructor(readonly args: readonly string[], readonly timeoutMs: number, readonly stderr: string) {
    super(
      `terraform ${args.join(' ')} did not finish within ${timeoutMs} ms and was stopped; raise the timeout or look at the backend and providers` +
        (stderr.trim() ? `; stderr: ${stderr.trim()}` : ''),
    );
  }
}

/**
 * The plan file is not the one that was reviewed (or is gone): applying it would apply something no
 * one approved. Nothing ran. The fix is a new plan and a new approval.
 */
export class PlanHashMismatchError extends PermanentError {
  constructor(readonly planFile: string, readonly expectedHash: string, readonly actualHash: string | undefined) {
    super(
      actualHash === undefined
        ? `plan file ${planFile} is missing; the approved plan had hash ${expectedHash} — plan again and have the new plan reviewed; nothing was applied`
        : `plan file ${planFile} has hash ${actualHash} but the approved plan has hash ${expectedHash} — ` +
            'plan again and have the new plan reviewed; nothing was applied',
    );
  }
}
