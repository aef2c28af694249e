// One structured JSON logger for every function; never log bodies: they may hold personal data.
import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Keys masked wherever they sit in a log item, should an object holding personal data be logged anyway:
 * say an AWS SDK error that carries a stored handover (`CancellationReasons[].Item.beneficiary`). Not
 * `name`: errors and organizations have one; a beneficiary's name is masked with its `beneficiary`.
 */
export const redactedKeys: ReadonlySet<string> = new Set(['beneficiary', 'address']);
export const redacted = '[redacted]';

export const logger = new Logger({
  serviceName: 'pledge-tracker',
  jsonReplacerFn: (key, value) => (redactedKeys.has(key) && value !== undefined ? redacted : value),
});
