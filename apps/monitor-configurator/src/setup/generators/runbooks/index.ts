export { runbookFiles, RUNBOOK_INDEX } from './runbook-files';
export { escapeHtml } from './html';
