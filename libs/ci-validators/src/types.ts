import type { CiPlatform } from '@jetway/contracts';

/** A generated CI file: its path relative to the project root, its platform and its text. */
export interface CiFile {
  readonly path: string;
  readonly platform: CiPlatform;
  readonly content: string;
}

export interface ValidatorFinding {
  readonly message: string;
  readonly line?: number;
}

/** One validator's verdict on one file (the shape of the validate step's `results`). */
export interface ValidatorVerdict {
  readonly file: string;
  readonly platform: CiPlatform;
  /** Which tool: `@actions/workflow-parser`, `actionlint`, `gitlab-ci schema`, … */
  readonly validator: string;
  readonly ok: boolean;
  readonly findings: readonly ValidatorFinding[];
}
