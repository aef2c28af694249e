// A Lambda function with our defaults, for any trigger: ESM bundle from functions/, its own log group and role, table grants.
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
} from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { TableAccess } from '../functions/routes';
import type { TableDeclaration } from '../shared/tables';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** One table this function may touch, and how; `none` grants nothing and passes no table name. */
export interface TableUse {
  declaration: TableDeclaration;
  table: ITable;
  access: TableAccess;
}

export interface HandlerFunctionProps {
  /** File in functions/ (without extension) that exports `handler`. */
  handler: string;
  description?: string;
  tables?: readonly TableUse[];
  /** Further variables, such as the bus name or a topic ARN, each named in the declaration it comes from. */
  environment?: Readonly<Record<string, string>>;
  /** RETAIN keeps the logs of a deleted function for audit; throwaway stacks pass DESTROY. */
  logRemovalPolicy?: RemovalPolicy;
  memorySize?: number;
  timeout?: Duration;
}

export class HandlerFunction extends Construct {
  readonly lambda: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: HandlerFunctionProps) {
    super(scope, id);
    const tables = props.tables ?? [];

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });

    // Our own role instead of the default one: the default attaches the AWS managed
    // AWSLambdaBasicExecutionRole, which may write to any log group in the account.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs functions/${props.handler}.ts`,
    });
    this.logGroup.grantWrite(this.role);

    const environment: Record<string, string> = {
      // Stack traces in the logs point at the TypeScript source, not the minified bundle.
      NODE_OPTIONS: '--enable-source-maps',
      ...props.environment,
    };
    for (const use of tables) {
      if (use.access === 'none') continue;
      environment[use.declaration.envVar] = use.table.tableName;
    }

    this.lambda = new NodejsFunction(this, 'Function', {
      entry: `${repoRoot}functions/${props.handler}.ts`,
      handler: 'handler',
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      environment,
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        // Stack traces need only the mappings; leaving the sources out keeps the map small to load.
        sourcesContent: false,
        // esbuild wraps CommonJS dependencies in a shim that calls `require`, which ESM lacks;
        // without this, a bundled CJS package that requires a Node built-in fails at cold start.
        // The alias is unlikely to clash with an import that esbuild itself emits.
        banner:
          "import { createRequire as pledgeTrackerCreateRequire } from 'node:module'; const require = pledgeTrackerCreateRequire(import.meta.url);",
        // The local esbuild bundles, so synthesis needs no Docker.
        forceDockerBundling: false,
      },
    });

    for (const use of tables) {
      // For a table under a customer-managed key these also grant the matching use of that key.
      if (use.access === 'read') use.table.grantReadData(this.role);
      if (use.access === 'write') use.table.grantReadWriteData(this.role);
      if (use.access === 'append') {
        // PutItem alone (also what a Put inside TransactWriteItems needs): entries can be added,
        // never updated or deleted. Table.grant leaves the key to us: encrypt for writing, decrypt
        // because DynamoDB reads the item under the key to evaluate the put's condition.
        use.table.grant(this.role, 'dynamodb:PutItem');
        use.table.encryptionKey?.grant(this.role, 'kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey*');
      }
    }
  }
}
