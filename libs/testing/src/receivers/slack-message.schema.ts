import { z } from 'zod';

/**
 * The subset of Slack's incoming-webhook payload and Block Kit that Slack itself enforces and
 * Jetway uses: a non-empty `text` fallback and well-formed blocks with their documented limits.
 */
export const PlainText = z.object({
  type: z.literal('plain_text'),
  text: z.string().min(1, 'text must not be empty'),
  emoji: z.boolean().optional(),
});
export const Mrkdwn = z.object({
  type: z.literal('mrkdwn'),
  text: z.string().min(1, 'text must not be empty'),
  verbatim: z.boolean().optional(),
});
export const TextObject = z.discriminatedUnion('type', [PlainText, Mrkdwn]);

const ImageElement = z.object({ type: z.literal('image'), image_url: z.string().url(), alt_text: z.string() });
const blockId = z.string().max(255).optional();

export const HeaderBlock = z.object({
  type: z.literal('header'),
  block_id: blockId,
  text: PlainText.extend({ text: z.string().min(1).max(150, 'a header holds at most 150 characters') }),
});
export const SectionBlock = z
  .object({
    type: z.literal('section'),
    block_id: blockId,
    text: TextObject.optional(),
    fields: z.array(TextObject).min(1).max(10, 'a section holds at most 10 fields').optional(),
    accessory: z.object({ type: z.string() }).optional(),
  })
  .refine((b) => b.text !== undefined || b.fields !== undefined, 'a section needs text or fields');
export const ContextBlock = z.object({
  type: z.literal('context'),
  block_id: blockId,
  elements: z.array(z.discriminatedUnion('type', [PlainText, Mrkdwn, ImageElement])).min(1).max(10),
});
export const DividerBlock = z.object({ type: z.literal('divider'), block_id: blockId });
export const ActionsBlock = z.object({
  type: z.literal('actions'),
  block_id: blockId,
  elements: z.array(z.object({ type: z.string() })).min(1).max(25),
});

export const Block = z.discriminatedUnion('type', [HeaderBlock, SectionBlock, ContextBlock, DividerBlock, ActionsBlock]);
export type Block = z.infer<typeof Block>;

export const SlackMessage = z.object({
  text: z.string().min(1, 'give a non-empty text fallback (notifications and screen readers use it)'),
  blocks: z.array(Block).max(50).optional(),
});
export type SlackMessage = z.infer<typeof SlackMessage>;
