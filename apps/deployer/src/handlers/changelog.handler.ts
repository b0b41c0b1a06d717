import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ChangelogQuery, parseWith, queries, type ChangelogReply } from '@jetway/contracts';
import { INFRA_DEPS, type InfraDeps } from '../infrastructure';
import { answerChangelogQuery } from './changelog-query';

/** `jetway changelog <stack> [--env]` (core request/reply): the stack's applied configurations, newest first. */
@Controller()
export class ChangelogHandler {
  constructor(@Inject(INFRA_DEPS) private readonly deps: InfraDeps) {}

  @MessagePattern(queries.infraChangelog)
  async list(@Payload() body: unknown): Promise<ChangelogReply> {
    const query = parseWith(ChangelogQuery, body);
    return query.ok ? answerChangelogQuery(query.data, this.deps.store) : { ok: false, error: query.error };
  }
}
