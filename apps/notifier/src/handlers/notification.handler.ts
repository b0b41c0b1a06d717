import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { DeployFinished, PipelineFinished } from '@jetway/contracts';
import type { MessageMeta } from '@jetway/messaging';
import { activeTraceId } from '@jetway/telemetry';
import { NOTIFY_DEPS } from '../notifier.tokens';
import { notifyDeployFinished, notifyRunFinished, type EventFacts, type NotifyDeps } from '../use-cases';

/**
 * Run outcomes and rollbacks → Slack, PagerDuty, webhook. The notifier publishes nothing: a
 * failure here only retries or dead-letters its own consumer's message, never holds up a run.
 */
@Controller()
export class NotificationHandler {
  constructor(@Inject(NOTIFY_DEPS) private readonly deps: NotifyDeps) {}

  @EventPattern('jetway.pipeline.finished.v1')
  async runFinished(@Payload() run: PipelineFinished, @Ctx() meta: MessageMeta): Promise<void> {
    await notifyRunFinished(run, factsOf(meta), this.deps);
  }

  @EventPattern('jetway.step.deploy.finished.v1')
  async deployFinished(@Payload() deploy: DeployFinished, @Ctx() meta: MessageMeta): Promise<void> {
    await notifyDeployFinished(deploy, factsOf(meta), this.deps);
  }
}

function factsOf(meta: MessageMeta): EventFacts {
  const traceId = activeTraceId();
  return traceId ? { time: meta.envelope.time, traceId } : { time: meta.envelope.time };
}
