import type { LoggerService } from '@nestjs/common';
import { activeTraceId } from './tracing';

type Level = 'debug' | 'info' | 'warn' | 'error';
type Fields = Record<string, unknown>;
const LEVELS: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEY = /secret|token|password|passwd|routing_key|webhook|authorization|api_?key/i;

/** Replaces the values of secret-looking keys, however deep, so secrets never reach a log. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, SECRET_KEY.test(key) ? '[redacted]' : redact(inner, depth + 1)]),
  );
}

/**
 * One JSON object per line on stdout: time, level, service, msg, the active trace id and any
 * bound fields (run id, step id). Also serves as NestJS's logger.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly service: string,
    private readonly bindings: Fields = {},
    private readonly minLevel: Level = 'info',
    private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  ) {}

  child(fields: Fields): JsonLogger {
    return new JsonLogger(this.service, { ...this.bindings, ...fields }, this.minLevel, this.write);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  info(message: unknown, fields?: Fields): void {
    this.emit('info', message, fields ? [fields] : []);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }

  private emit(level: Level, message: unknown, rest: unknown[]): void {
    if (LEVELS[level] < LEVELS[this.minLevel]) return;
    const fields = Object.assign({}, ...rest.filter((r): r is Fields => typeof r === 'object' && r !== null));
    const context = rest.find((r): r is string => typeof r === 'string');
    const traceId = activeTraceId();
    const entry = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      msg: message instanceof Error ? message.message : String(message),
      ...(context ? { context } : {}),
      ...(traceId ? { trace_id: traceId } : {}),
      ...(redact({ ...this.bindings, ...fields }) as Fields),
    };
    this.write(JSON.stringify(entry));
  }
}
