import type { NatsConnection } from 'nats';
import type { z } from 'zod';
import { describeIssues } from '@jetway/contracts';
import { TransientError } from './errors';

/**
 * Core NATS request/reply for the queries (`jetway.query.*`): sends JSON, validates the answer
 * with the reply's schema. No answer, or an answer that does not fit, is a `TransientError`
 * naming the subject — the service that answers may be restarting.
 */
export async function requestReply<S extends z.ZodType>(
  nc: NatsConnection,
  subject: string,
  body: unknown,
  reply: S,
  timeoutMs = 5_000,
): Promise<z.output<S>> {
  let answer: unknown;
  try {
    answer = (await nc.request(subject, JSON.stringify(body), { timeout: timeoutMs })).json();
  } catch (cause) {
    throw new TransientError(`no answer on ${subject} within ${timeoutMs} ms (${(cause as Error).message})`, { cause });
  }
  const parsed = reply.safeParse(answer);
  if (!parsed.success) throw new TransientError(`the answer on ${subject} does not fit its contract: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
