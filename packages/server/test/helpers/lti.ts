// What LTI tests share: reading the forms of Laurel's and the platform's pages, and driving a launch
// from the test platform's login initiation through its authentication answer to Laurel's /lti/launch.
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { LaunchSpec, RunningLtiPlatform } from '../support/lti-platform.ts';
import { Client, type TestApp } from './app.ts';

export const LAUREL = 'http://laurel.test';
export const TOOL = (base: string) => ({ loginUrl: `${base}/lti/login`, redirectUris: [`${base}/lti/launch`], toolJwksUrl: `${base}/lti/jwks.json`, targetLinkUri: `${base}/lti/launch` });

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The first form of a page (or the first posting to `action`): where it posts and its hidden fields. */
export function formOf(html: string, action?: string): { action: string; fields: Record<string, string> } {
  const forms = [...html.matchAll(/<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g)];
  const form = action ? forms.find((f) => unescape(f[1]!) === action) : forms[0];
  if (!form) throw new Error(`no form${action ? ` posting to ${action}` : ''} on the page: ${html.slice(0, 400)}`);
  const fields: Record<string, string> = {};
  for (const m of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[unescape(m[1]!)] = unescape(m[2]!);
  return { action: unescape(form[1]!), fields };
}

/** Login initiation from the platform's page, then the platform's authentication answer: the launch form the browser would post. */
export async function toLaunch(t: TestApp, platform: RunningLtiPlatform, spec: LaunchSpec, c = new Client(t.app), base = LAUREL): Promise<{ client: Client; fields: Record<string, string> }> {
  const init = platform.initiate(spec);
  const at = init.url.slice(base.length);
  const res = init.method === 'POST' ? await c.post(at, init.form, { csrf: false }) : await c.get(at);
  expect(res.statusCode, res.body.slice(0, 600)).toBe(302);
  const auth = await fetch(String(res.headers.location));
  const html = await auth.text();
  expect(auth.status, html).toBe(200);
  const form = formOf(html);
  expect(form.action).toBe(`${base}/lti/launch`);
  return { client: c, fields: form.fields };
}

export async function launch(t: TestApp, platform: RunningLtiPlatform, spec: LaunchSpec): Promise<{ client: Client; res: LightMyRequestResponse }> {
  const a = await toLaunch(t, platform, spec);
  return { client: a.client, res: await a.client.post('/lti/launch', a.fields, { csrf: false }) };
}
