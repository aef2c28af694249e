// SECURITY.md's table of who may call what must say what the route table (shared/routes.ts) decides.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { roles } from '../../shared/domain/roles';
import { type RouteDeclaration, routes } from '../../shared/routes';

const securityDoc = readFileSync(new URL('../../SECURITY.md', import.meta.url), 'utf8');

type Who = 'public' | 'signed-in' | string[];

/** `| \`GET /v1/x\` | who |` rows: `public`, `any signed-in user`, or the groups named in backticks. */
function documentedRoutes(markdown: string): [string, Who][] {
  const rows: [string, Who][] = [];
  for (const line of markdown.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const route = /^`((?:GET|POST|PATCH|DELETE|HEAD) \/\S*)`$/.exec(cells[1] ?? '')?.[1];
    if (!route) continue;
    const who = cells[2] ?? '';
    if (who === 'public') rows.push([route, 'public']);
    else if (who === 'any signed-in user') rows.push([route, 'signed-in']);
    else rows.push([route, [...who.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string).sort()]);
  }
  return rows;
}

function declaredWho(route: RouteDeclaration): Who {
  return typeof route.access === 'string' ? route.access : [...route.access].sort();
}

describe("SECURITY.md's table of who may call what", () => {
  const documented = documentedRoutes(securityDoc);

  it('names every declared route once, with exactly the groups the route table allows', () => {
    expect(Object.fromEntries(documented)).toEqual(
      Object.fromEntries(routes.map((route) => [`${route.method} ${route.path}`, declaredWho(route)])),
    );
    expect(documented).toHaveLength(routes.length);
  });

  it('names only groups that exist', () => {
    const named = documented.flatMap(([, who]) => (Array.isArray(who) ? who : []));

    expect(named.filter((name) => !(roles as readonly string[]).includes(name))).toEqual([]);
  });
});
