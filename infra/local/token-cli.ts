// `npm run --silent token -- <role> [organizationId]`: prints only a local token, so TOKEN=$(...) works.
import { roles } from '../../shared/domain/roles';
import { resolveDataDir } from './settings';
import { isRole, issueToken, loadSigningKey, MissingOrganizationError } from './tokens';

const usage = `usage: npm run --silent token -- <${roles.join('|')}> [organizationId]  (organization needs one)`;

async function main(args: string[]): Promise<number> {
  const [role, organizationId, ...rest] = args;
  if (!role || !isRole(role) || rest.length > 0) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  try {
    const key = await loadSigningKey(resolveDataDir());
    process.stdout.write(
      `${await issueToken(key, { role, ...(organizationId ? { organizationId } : {}) })}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof MissingOrganizationError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(`Cannot issue a token: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
