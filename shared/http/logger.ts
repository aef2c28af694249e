// One structured JSON logger for every function; never log bodies: they may hold personal data.
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'pledge-tracker' });
