// A Lambda function with our defaults, for any trigger: ESM bundle from functions/, its own log group and role, table grants.
import { AssetHashType, DockerImage, Duration, type ILocalBundling, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type BuildOptions, buildSync } from 'esbuild';
import type { TableAccess } from '../shared/routes';
import type { TableDeclaration } from '../shared/tables';
import {
  handlerBuildOptions,
  handlerEntryFile,
  handlerNodeOptions,
  handlerSource,
  repoRoot,
} from './bundling';

/**
 * Bundles a handler with the local esbuild, in process, with the options the bench measures (infra/bundling.ts).
 * The options are a data property on purpose: CDK caches staged assets by the bundling options' JSON, in which
 * only data shows, so this is what tells two functions' assets, or two builds' options, apart.
 */
class EsbuildBundling implements ILocalBundling {
  readonly options: BuildOptions;

  constructor(entry: string) {
    this.options = handlerBuildOptions(entry);
  }

  tryBundle(outputDir: string): boolean {
    buildSync({ ...this.options, outdir: outputDir });
    return true;
  }
}

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
  readonly lambda: lambda.Function;
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
      NODE_OPTIONS: handlerNodeOptions,
      ...props.environment,
    };
    for (const use of tables) {
      if (use.access === 'none') continue;
      environment[use.declaration.envVar] = use.table.tableName;
    }

    this.lambda = new lambda.Function(this, 'Function', {
      code: lambda.Code.fromAsset(repoRoot, {
        // Hashed by what was built, so an asset changes exactly when its bundle does.
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          local: new EsbuildBundling(handlerSource(props.handler)),
          // Required by the API but never pulled: local bundling always answers (or throws); CDK's
          // NodejsFunction passes the same placeholder image when it bundles locally.
          image: DockerImage.fromRegistry('dummy'),
        },
      }),
      handler: `${handlerEntryFile.replace(/\.mjs$/, '')}.handler`,
      description: props.description,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      environment,
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
