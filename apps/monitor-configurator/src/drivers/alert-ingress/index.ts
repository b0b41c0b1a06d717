export { startAlertIngress, type AlertIngress, type AlertIngressOptions } from './alert-ingress.server';
export { AlertmanagerWebhook, WebhookAlert } from './alertmanager-webhook.schema';
export { incidentMessageId, toIncidentMessages, type IncidentMessage, type IncidentOrigin, type IncidentSubject } from './incident-events';
export { incidentPublisherOver, type IncidentPublisher } from './incident-publisher';
export type { ReceiverDirectory, ReceiverLookup } from './receiver-directory.port';
export { FileReceiverDirectory, ReceiversFile, setupDir } from './file-receiver-directory';
export { readRunbook, safeSegments, type RunbookFile } from './runbook-files';
