// Real bundling with the local esbuild, as `cdk synth` does it: what each function's asset holds and whether it runs.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerNodeOptions } from '../../infra/bundling';
import { HandlerFunction } from '../../infra/handler-function';
import { routeNamed } from '../../shared/routes';
import { campaignBody, handoverBody, organizationBody } from '../fixtures/campaign';
import { type Api, frontCommittee, handlerApi } from '../support/api';
import { readDocx } from '../support/docx';
import { freshTables, type TestTables } from '../support/dynamo';
import { httpEvent } from '../support/http-events';
import { logicalId, newApp } from './synth';

interface Bundled {
  properties: Record<string, unknown>;
  /** A copy of the asset outside the project, where no node_modules can stand in for what it lacks. */
  dir: string;
}

/**
 * Synthesizes functions in one stack with bundling on (no `aws:cdk:bundling-stacks` skip) and copies their
 * assets out of the cloud assembly, which is then removed.
 */
function bundle(...handlers: string[]): Bundled[] {
  const app = newApp();
  const stack = new Stack(app, 'Bundling');
  const functions = handlers.map((handler) => new HandlerFunction(stack, handler, { handler }));
  const resources = Template.fromStack(stack).toJSON().Resources;
  const assembly = app.synth().directory;
  try {
    return functions.map((fn, i) => {
      const properties = resources[logicalId(fn.lambda)].Properties;
      const assetHash = (properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
      const dir = mkdtempSync(join(tmpdir(), `asset-${handlers[i]}-`));
      cpSync(join(assembly, `asset.${assetHash}`), dir, { recursive: true });
      return { properties, dir };
    });
  } finally {
    rmSync(assembly, { recursive: true, force: true });
  }
}

const removeAll = (...bundled: (Bundled | undefined)[]) => {
  for (const b of bundled) if (b) rmSync(b.dir, { recursive: true, force: true });
};

const sourcesOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')) as {
    sources: string[];
    sourcesContent?: unknown;
  };

/** The asset's files that a cold start loads: index.mjs and the chunks imported statically, transitively. */
function loadedAtStart(dir: string): string[] {
  const loaded = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    const code = readFileSync(join(dir, file), 'utf8');
    // Minified static imports read `from"./x.mjs"` or `import"./x.mjs"`; dynamic ones `import("./x.mjs")`.
    for (const [, path] of code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.mjs)"/g)) {
      visit(join(file, '..', path as string));
    }
  };
  visit('index.mjs');
  return [...loaded];
}

/** Answers one event with the asset in a fresh Node process, as Lambda would, with Lambda's NODE_OPTIONS. */
function invokeInFreshProcess(dir: string, event: unknown, env: NodeJS.ProcessEnv) {
  const runner = `
    const { handler } = await import(process.argv[1]);
    const answer = await handler(JSON.parse(process.argv[2]), { getRemainingTimeInMillis: () => 10000, awsRequestId: 'test' });
    process.stdout.write(JSON.stringify(answer));
  `;
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', runner, pathToFileURL(join(dir, 'index.mjs')).href, JSON.stringify(event)],
    { cwd: dir, env: { ...env, NODE_OPTIONS: handlerNodeOptions }, encoding: 'utf8' },
  );
  return JSON.parse(out) as {
    statusCode: number;
    headers: Record<string, string>;
    body: string;
    isBase64Encoded?: boolean;
  };
}

describe('bundling a function', () => {
  let health: Bundled;
  let openApi: Bundled;

  beforeAll(() => {
    [health, openApi] = bundle(routeNamed('Health').handler, routeNamed('GetOpenApi').handler) as [
      Bundled,
      Bundled,
    ];
  });
  afterAll(() => removeAll(health, openApi));

  it('writes a minified ESM module that defines require, with its source map', () => {
    const code = readFileSync(join(health.dir, 'index.mjs'), 'utf8');
    const map = sourcesOf(health.dir);

    expect(health.properties.Handler).toBe('index.handler');
    expect(code.startsWith('import { createRequire as pledgeTrackerCreateRequire }')).toBe(true);
    expect(code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map')).toBe(true);
    // Minified: a few very long lines, where esbuild's readable output averages well under 100 characters.
    expect(code.length / code.split('\n').length).toBeGreaterThan(1000);
    expect(map.sources.some((source) => source.endsWith('functions/health.ts'))).toBe(true);
    expect(map.sourcesContent).toBeUndefined();
  });

  it('loads as a module that exports the handler', async () => {
    const module = (await import(pathToFileURL(join(health.dir, 'index.mjs')).href)) as { handler?: unknown };

    expect(typeof module.handler).toBe('function');
  });

  it('gives each function of a stack its own asset', () => {
    expect(openApi.properties.Code).not.toEqual(health.properties.Code);
    expect(sourcesOf(openApi.dir).sources.some((source) => source.endsWith('functions/get-openapi.ts'))).toBe(
      true,
    );
    expect(sourcesOf(health.dir).sources.some((source) => source.endsWith('functions/get-openapi.ts'))).toBe(
      false,
    );
  });
});

describe("the report function's asset", () => {
  let report: Bundled;
  let progress: Bundled;
  let tables: TestTables;
  let api: Api;
  let campaignId: string;

  beforeAll(async () => {
    // Prepare: a campaign with one handover, written by the handlers in this process.
    tables = await freshTables();
    api = handlerApi(tables.deps());
    const campaign = campaignBody();
    const organization = organizationBody();
    campaignId = campaign.id;
    await api('CreateCampaign', { body: campaign, as: frontCommittee });
    await api('CreateOrganization', { body: organization, as: frontCommittee });
    await api('RecordHandover', {
      pathParameters: { campaignId },
      body: handoverBody(organization.id),
      headers: { 'idempotency-key': `bundling-${campaignId}` },
      as: frontCommittee,
    });
    [report, progress] = bundle(routeNamed('GetReport').handler, routeNamed('GetProgress').handler) as [
      Bundled,
      Bundled,
    ];
  });
  afterAll(() => removeAll(report, progress));

  const reportEvent = (format: string) =>
    httpEvent('GET /v1/campaigns/{campaignId}/report', {
      pathParameters: { campaignId },
      query: { lang: 'en', format },
    });

  /** The asset's modules that name a part of an Office file: exceljs's workbook, docx's document. */
  const modulesNaming =
    (part: string) =>
    (dir: string, files = readdirSync(dir, { recursive: true }).map(String)) =>
      files.filter((file) => file.endsWith('.mjs') && readFileSync(join(dir, file), 'utf8').includes(part));
  const excelJsModules = modulesNaming('xl/workbook.xml');
  const docxModules = modulesNaming('word/document.xml');

  it('leaves exceljs and docx out of what a cold start loads, each in a chunk of its own', () => {
    expect(excelJsModules(report.dir, loadedAtStart(report.dir))).toEqual([]);
    expect(excelJsModules(report.dir)).toHaveLength(1);
    expect(docxModules(report.dir, loadedAtStart(report.dir))).toEqual([]);
    expect(docxModules(report.dir)).toHaveLength(1);
    expect(docxModules(report.dir)).not.toEqual(excelJsModules(report.dir));
  });

  it('ships exceljs and docx with the report function only', () => {
    expect(excelJsModules(progress.dir)).toEqual([]);
    expect(docxModules(progress.dir)).toEqual([]);
  });

  /** Every cell of every sheet, by sheet name. */
  const cellsOf = async (bytes: Buffer) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    return Object.fromEntries(workbook.worksheets.map((sheet) => [sheet.name, sheet.getSheetValues()]));
  };

  /** As Lambda runs it: the tables' names and endpoint in variables, read by the function's own configuration. */
  const environment = () => ({ ...process.env, ...tables.lambdaEnvironment() });

  it('answers a text report and an Excel workbook on its own, the AWS SDK included, as the source does', async () => {
    // Act: each in a fresh process whose only code is the asset, and the same requests to the TypeScript source.
    const text = invokeInFreshProcess(report.dir, reportEvent('text'), environment());
    const xlsx = invokeInFreshProcess(report.dir, reportEvent('xlsx'), environment());
    const fromSource = (format: string) =>
      api('GetReport', { pathParameters: { campaignId }, query: { lang: 'en', format } });

    // Assert
    expect(text.statusCode).toBe(200);
    expect(text.body).toContain('1 great-unity house');
    expect(text.body).toBe((await fromSource('text')).text);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.isBase64Encoded).toBe(true);
    const cells = await cellsOf(Buffer.from(xlsx.body, 'base64'));
    expect(Object.keys(cells).length).toBeGreaterThan(0);
    expect(cells).toEqual(await cellsOf(Buffer.from((await fromSource('xlsx')).text, 'base64')));
  });

  it('answers the official .docx on its own, as the source does', async () => {
    // Act
    const docx = invokeInFreshProcess(report.dir, reportEvent('docx'), environment());
    const fromSource = await api('GetReport', {
      pathParameters: { campaignId },
      query: { lang: 'en', format: 'docx' },
    });

    // Assert
    expect([docx.statusCode, docx.isBase64Encoded, docx.headers['content-type']]).toEqual([
      200,
      true,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ]);
    const { paragraphs } = await readDocx(Buffer.from(docx.body, 'base64'));
    expect(paragraphs).toContain('SOCIALIST REPUBLIC OF VIETNAM');
    expect(paragraphs.join(' ')).toContain('1 great-unity house');
    expect(paragraphs).toEqual((await readDocx(Buffer.from(fromSource.text, 'base64'))).paragraphs);
  });
});
