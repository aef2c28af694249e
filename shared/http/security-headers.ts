// Headers for the HTML this API serves (the dashboard and the printable report): nothing but our own code runs.
import { createHash } from 'node:crypto';

/** A CSP source that allows exactly this inline text (a `<style>` element's content). */
export function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The dashboard loads its script, styles and icon from this origin and talks only to this API. */
export const dashboardContentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  // The sign-in form is handled by the script; were it ever submitted, the password must not land in a URL.
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The dashboard's policy when it signs in against an identity endpoint on another origin (Cognito's API). */
export function dashboardContentSecurityPolicyWith(identityOrigin: string | undefined): string {
  if (!identityOrigin) return dashboardContentSecurityPolicy;
  return dashboardContentSecurityPolicy.replace("connect-src 'self'", `connect-src 'self' ${identityOrigin}`);
}

/** The printable report is a document: no script at all, only its own inline styles. */
export function reportContentSecurityPolicy(inlineStyles: string): string {
  return [
    "default-src 'none'",
    `style-src ${sha256Source(inlineStyles)}`,
    // `data:` for its empty icon only: with no script allowed, an image can do no harm.
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function htmlSecurityHeaders(contentSecurityPolicy: string): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
  };
}
