import type { Token } from '../notifier.tokens';
import type { DriftDeps } from './deliver-drift.use-case';

/** Everything drift delivery needs, assembled once by the drift module. */
export const DRIFT_DEPS = Symbol('jetway.notifier.drift-deps') as Token<DriftDeps>;
