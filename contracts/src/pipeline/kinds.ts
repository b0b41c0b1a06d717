import { z } from 'zod';

/** The pipeline kinds the mesh runs (members of PipelineRequest; a spec checks both agree). */
export const PipelineKindName = z.enum(['deployment', 'ci_cd_setup', 'monitoring_setup', 'infrastructure', 'rollback']);
