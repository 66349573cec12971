// Response headers for the pages a learning platform shows inside its own page (an iframe): the
// Content-Security-Policy that helmet set for every page is kept, with two directives opened up.
// frame-ancestors names the platform's origins (its issuer, its authentication endpoint, the pages the
// launch came from), or any origin for pages that are harmless when framed (refusals, the registration
// page, which shows its form only to a signed-in administrator — and Laurel's session cookie is
// SameSite=Lax, so it is never sent inside another site's frame). form-action adds the platform's
// deep_link_return_url origin on the one page whose form posts there. X-Frame-Options is dropped: CSP's
// frame-ancestors supersedes it, and it cannot name another origin. The registration pages also relax
// Cross-Origin-Opener-Policy (same-origin for every other page) to unsafe-none: a platform that opens
// registration in a window of its own must keep `window.opener`, or Laurel's "registration done"
// message (LTI Dynamic Registration §3.7) cannot reach it.
import type { FastifyReply } from 'fastify';

const ORIGIN = /^https?:\/\/[A-Za-z0-9.\-[\]:]+$/;

function origins(list: readonly string[]): string[] {
  return [...new Set(list.filter((o) => ORIGIN.test(o)))];
}

export function allowFraming(reply: FastifyReply, opts: { ancestors: readonly string[] | '*'; formAction?: readonly string[]; keepOpener?: boolean }): void {
  const current = reply.getHeader('content-security-policy');
  if (typeof current === 'string') {
    const ancestors = opts.ancestors === '*' ? '*' : ["'self'", ...origins(opts.ancestors)].join(' ');
    let csp = current.replace(/frame-ancestors [^;]*/, `frame-ancestors ${ancestors}`);
    if (opts.formAction?.length) csp = csp.replace(/form-action [^;]*/, `form-action 'self' ${origins(opts.formAction).join(' ')}`);
    reply.header('content-security-policy', csp);
  }
  reply.removeHeader('x-frame-options');
  if (opts.keepOpener) reply.header('cross-origin-opener-policy', 'unsafe-none');
}
