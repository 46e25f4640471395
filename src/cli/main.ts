import 'reflect-metadata';
import { CredentialService, IssuedCredential } from '../auth/credential.service';
import { recordCredentialIssued } from '../audit/credential-audit';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { loadConfigOrExit } from '../config/load-config';
import { withDataSource } from './cli-context';
import { migrate } from './migrate.command';

/**
 * Administration from the shell. Messages go to stderr; the one thing a script needs — a newly issued
 * credential — is printed alone on the last line of stdout, once (only its hash is stored).
 *
 *   migrate
 *   platform:create <name> [--code <code>]
 *   platform:rotate-key <code>
 *   user:create <name> --role <authority|officer|auditor|admin>
 */
const USAGE = `usage:
  npm run cli -- migrate
  npm run cli -- platform:create <name> [--code <code>]
  npm run cli -- platform:rotate-key <code>
  npm run cli -- user:create <name> --role <authority|officer|auditor|admin>`;

export async function runCli(argv: string[], config: AppConfig): Promise<number> {
  const [command, ...rest] = argv;
  const { positional, flags } = parseArgs(rest);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const credentials = (work: (service: CredentialService) => Promise<IssuedCredential>) =>
    withDataSource(config, async (dataSource) => {
      const issued = await work(new CredentialService(dataSource, config));
      // Printed only once its issuing is on the audit trail (else it has been revoked and this throws).
      await recordCredentialIssued(dataSource, issued.credentialId, command);
      process.stdout.write(`${issued.token}\n`);
    });

  switch (command) {
    case 'migrate':
      await migrate(config, log);
      return 0;
    case 'platform:create':
      if (!positional[0]) break;
      await credentials(async (service) => {
        const issued = await service.createPlatform(positional[0], flags.code);
        log(`platform "${issued.platform.name}" created with code ${issued.platform.code}; its API key (shown once):`);
        return issued;
      });
      return 0;
    case 'platform:rotate-key':
      if (!positional[0]) break;
      await credentials(async (service) => {
        const issued = await service.rotatePlatformKey(positional[0]);
        log(`previous key revoked; the new API key (shown once):`);
        return issued;
      });
      return 0;
    case 'user:create':
      if (!positional[0] || !flags.role) break;
      await credentials(async (service) => {
        const issued = await service.createUser(positional[0], flags.role);
        log(`user "${issued.user.name}" created with role ${issued.user.role}; the credential (shown once):`);
        return issued;
      });
      return 0;
  }
  log(USAGE);
  return 64; // EX_USAGE
}

function parseArgs(args: string[]): { positional: string[]; flags: Record<string, string> } {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('--')) flags[args[i].slice(2)] = args[++i] ?? '';
    else positional.push(args[i]);
  }
  return { positional, flags };
}

if (require.main === module) {
  runCli(process.argv.slice(2), loadConfigOrExit())
    .then((code) => process.exit(code))
    .catch((error) => {
      const message = error instanceof DomainError ? `${error.code}: ${error.message}` : String(error?.stack ?? error);
      process.stderr.write(`${message}\n`);
      process.exit(1);
    });
}
