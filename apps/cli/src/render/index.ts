export { renderSummary } from './render-summary';
export { renderStepLine, stepState, DEFAULT_COLUMNS, type StepColumns, type StepView } from './render-step-line';
export { formatDuration, type RenderOptions } from './style';
export { renderDeadLetterList, renderDeadLetter, renderReplayOutcome, renderReplayNote, renderBody, formatTime } from './render-dead-letters';
export { evidenceLines, renderApprovalHint } from './render-evidence';
export { analysisText, measurementText, progressOf, promoteHint, renderProgressLine, rolloutLines } from './render-rollout';
export { renderHistory, renderRunList } from './render-listings';
export { renderDrift, driftExitCode } from './render-drift';
export { planReviewLines, planUnderReview } from './render-plan-review';
