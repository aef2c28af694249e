// Real bundling of one function with the local esbuild: the asset is an ESM module with a source map that loads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type RouteDeclaration, routeNamed } from '../../functions/routes';
import { HandlerFunction } from '../../infra/handler-function';
import { logicalId, newApp } from './synth';

describe('bundling a function', () => {
  const route: RouteDeclaration = routeNamed('Health');
  let bundleDir: string;
  let properties: Record<string, unknown>;

  beforeAll(() => {
    // Prepare: an app that bundles (no `aws:cdk:bundling-stacks` skip), with one function.
    const app = newApp();
    const stack = new Stack(app, 'Bundling');
    const fn = new HandlerFunction(stack, route.name, { handler: route.handler });

    // Act
    const template = Template.fromStack(stack).toJSON();
    properties = template.Resources[logicalId(fn.lambda)].Properties;
    const assetHash = (properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
    bundleDir = join(app.synth().directory, `asset.${assetHash}`);
  });

  it('writes a minified ESM module that defines require, with its source map', () => {
    const code = readFileSync(join(bundleDir, 'index.mjs'), 'utf8');
    const map = JSON.parse(readFileSync(join(bundleDir, 'index.mjs.map'), 'utf8')) as {
      sources: string[];
      sourcesContent?: unknown;
    };

    expect(properties.Handler).toBe('index.handler');
    expect(code.startsWith('import { createRequire as pledgeTrackerCreateRequire }')).toBe(true);
    expect(code.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map')).toBe(true);
    // Minified: a few very long lines, where esbuild's readable output averages well under 100 characters.
    expect(code.length / code.split('\n').length).toBeGreaterThan(1000);
    expect(map.sources.some((source) => source.endsWith(`functions/${route.handler}.ts`))).toBe(true);
    expect(map.sourcesContent).toBeUndefined();
  });

  it('loads as a module that exports the handler', async () => {
    const module = (await import(pathToFileURL(join(bundleDir, 'index.mjs')).href)) as { handler?: unknown };

    expect(typeof module.handler).toBe('function');
  });
});
