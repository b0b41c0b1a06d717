import type { RolloutProgressed, RunStatusView } from '@jetway/contracts';
import type { JetwayClient } from '../client/jetway-client';
import { progressOf, renderApprovalHint, renderProgressLine, renderStepLine, liveColumns, renderSummary, type RenderOptions } from '../render';
import { servingOf } from '../client/serving';

export interface WatchIo {
  out(text: string): void;
}

/**
 * Follows a run until it ends: each step as its state changes, every rollout progress as the
 * deployer publishes it (weights, analysis decisions; the promote command when it pauses), the
 * approve command while an approval waits, then the summary (unless `summary` is false).
 * Progress comes from a subscription; the polled status fills in what it could not deliver, and
 * the rollout's last move, which only the deploy step's finished carries.
 */
export async function watchRun(
  client: Pick<JetwayClient, 'watch' | 'followProgress'>,
  runId: string,
  io: WatchIo,
  render: RenderOptions,
  options: { summary?: boolean } = {},
): Promise<RunStatusView> {
  const shown = new Map<string, string>();
  const printed = new Map<string, number>();
  let approvers: string[] = [];
  // Progress can arrive before the first status answer; it waits for it, so a pause's promote
  // hint names the run's approvers (known from the status only).
  let viewed = false;
  const early: RolloutProgressed[] = [];
  const printProgress = (progress: RolloutProgressed) => {
    if (!viewed) return void early.push(progress);
    const key = `${progress.step_id}#${progress.attempt}`;
    if ((printed.get(key) ?? -1) >= progress.sequence) return;
    printed.set(key, progress.sequence);
    io.out(`${renderProgressLine({ run_id: runId, approvers }, progress, render)}\n`);
  };
  const stop = client.followProgress(runId, printProgress);
  let run: RunStatusView;
  try {
    run = await client.watch(runId, (view) => {
      approvers = view.approvers;
      if (!viewed) {
        viewed = true;
        early.splice(0).forEach(printProgress);
      }
      for (const step of view.steps) {
        // A move first: a rollout's last move comes with its step's finish (in the deploy's finished event), and tells what led to it.
        const progress = progressOf(step);
        if (progress) printProgress(progress);
        const state = `${step.status}/${step.outcome}`;
        const changed = shown.get(step.step_id) !== state;
        if (changed && step.status !== 'pending') io.out(`${renderStepLine(step, render, liveColumns(view.steps))}\n`);
        if (changed && step.status === 'waiting_approval' && step.kind === 'approval') io.out(`${renderApprovalHint(view, step, render)}\n`);
        shown.set(step.step_id, state);
      }
    });
  } finally {
    stop();
  }
  if (options.summary !== false) io.out(`\n${renderSummary(run, { ...render, serving: await servingOf(run.urls) })}\n`);
  return run;
}
