export { JetwayError, TransientError, PermanentError, isRetryable } from './errors';
