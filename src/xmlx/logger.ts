// pino for the XML-X parts, with credentials redacted wherever they might appear in a log object.
import { pino, type DestinationStream, type Logger } from 'pino';

/** Paths pino censors: passwords, tokens, secrets, authorisation headers, raw request bodies. */
export const REDACT_PATHS = [
  'password', '*.password', '*.*.password',
  'token', '*.token', '*.*.token',
  'secret', '*.secret',
  'auth', '*.auth',
  'body', '*.body',
  'req.headers.authorization', 'req.headers.cookie',
];

export function createXmlxLogger(options: { level?: string; name?: string } = {}, destination?: DestinationStream): Logger {
  const config = {
    name: options.name ?? 'xmlx',
    level: options.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(config, destination) : pino(config);
}
