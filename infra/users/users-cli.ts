// `npm run users -- <create|list|disable> ...`: one line per result, one-line errors (users-command.ts does the work).
import { run, UsageError } from './users-command';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
try {
  await run(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`));
} catch (error) {
  const { name, message } = error as Error;
  process.stderr.write(
    `${error instanceof UsageError || name === 'TypeError' ? '' : `${name}: `}${message}\n`,
  );
  process.exitCode = error instanceof UsageError ? 2 : 1;
}
