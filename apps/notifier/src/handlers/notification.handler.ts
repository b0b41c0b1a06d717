import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { PipelineFinished } from '@jetway/contracts';
import type { MessageMeta } from '@jetway/messaging';
import { activeTraceId } from '@jetway/telemetry';
import { NOTIFY_DEPS } from '../notifier.tokens';
import { notifyRunFinished, type EventFacts, type NotifyDeps } from '../use-cases';

/**
 * Run outcomes → Slack, PagerDuty, webhook. Only `pipeline.finished`: it names a rolled-back step
 * and whom to page, so the notifier consumes nothing else and asks nobody. It publishes nothing:
 * a failure here only retries or dead-letters its own consumer's message, never holds up a run.
 */
@Controller()
export class NotificationHandler {
  constructor(@Inject(NOTIFY_DEPS) private readonly deps: NotifyDeps) {}

  @EventPattern('jetway.pipeline.finished.v1')
  async runFinished(@Payload() run: PipelineFinished, @Ctx() meta: MessageMeta): Promise<void> {
    const traceId = activeTraceId();
    const facts: EventFacts = traceId ? { time: meta.envelope.time, traceId } : { time: meta.envelope.time };
    await notifyRunFinished(run, facts, this.deps);
  }
}
