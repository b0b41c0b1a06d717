import type { AlertingChannel } from '@jetway/contracts';

/** What a lookup found: the receiver's channels, or which of setup / receiver is unknown (and why, in words). */
export type ReceiverLookup =
  | { readonly found: true; readonly channels: readonly AlertingChannel[] }
  | { readonly found: false; readonly missing: 'setup' | 'receiver'; readonly detail: string };

/**
 * The channels each Alertmanager receiver of an applied monitoring setup stands for (the setup's
 * `alertmanager/receivers.json`). `channelsOf` rejects only when the directory itself is broken
 * (an unreadable or malformed file): the ingress then answers 5xx so Alertmanager retries.
 */
export interface ReceiverDirectory {
  channelsOf(setup: string, receiver: string): Promise<ReceiverLookup>;
}
