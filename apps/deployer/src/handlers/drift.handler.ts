import { Controller, Inject, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DriftCheckQuery, parseWith, queries, type DriftCheckReply } from '@jetway/contracts';
import { answerDriftQuery, DRIFT, type DriftWiring } from '../drift';

/**
 * `jetway drift <stack> [--env]` (core request/reply): check now, answer per environment. Also
 * owns the drift schedule's life: timers from the stack records once the deployer is up, none
 * after it stops.
 */
@Controller()
export class DriftHandler implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(DRIFT) private readonly drift: DriftWiring) {}

  @MessagePattern(queries.infraDrift)
  async check(@Payload() body: unknown): Promise<DriftCheckReply> {
    const query = parseWith(DriftCheckQuery, body);
    return query.ok ? answerDriftQuery(query.data, this.drift.deps) : { ok: false, error: query.error };
  }

  onApplicationBootstrap(): void {
    void this.drift.schedule.start();
  }

  onApplicationShutdown(): void {
    this.drift.schedule.stop();
  }
}
