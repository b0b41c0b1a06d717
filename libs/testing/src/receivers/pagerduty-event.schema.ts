import { z } from 'zod';

/** PagerDuty Events API v2 (`POST /v2/enqueue`), as PagerDuty validates it. */
export const PagerDutySeverity = z.enum(['critical', 'error', 'warning', 'info']);

export const PagerDutyPayload = z.object({
  summary: z.string().min(1).max(1024, 'summary holds at most 1024 characters'),
  source: z.string().min(1),
  severity: PagerDutySeverity,
  timestamp: z.iso.datetime({ offset: true }).optional(),
  component: z.string().optional(),
  group: z.string().optional(),
  class: z.string().optional(),
  custom_details: z.record(z.string(), z.unknown()).optional(),
});

const Link = z.object({ href: z.string().url(), text: z.string().optional() });
const Image = z.object({ src: z.string().url(), href: z.string().url().optional(), alt: z.string().optional() });

const common = {
  routing_key: z.string().min(1, 'give the integration (routing) key'),
  client: z.string().optional(),
  client_url: z.string().url().optional(),
  links: z.array(Link).optional(),
  images: z.array(Image).optional(),
};

export const PagerDutyEvent = z.discriminatedUnion('event_action', [
  z.object({
    ...common,
    event_action: z.literal('trigger'),
    dedup_key: z.string().min(1).max(255).optional(),
    payload: PagerDutyPayload,
  }),
  z.object({
    ...common,
    event_action: z.enum(['acknowledge', 'resolve']),
    dedup_key: z.string().min(1, 'acknowledge and resolve need the dedup_key of the incident').max(255),
    payload: PagerDutyPayload.optional(),
  }),
]);
export type PagerDutyEvent = z.infer<typeof PagerDutyEvent>;
