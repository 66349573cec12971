import type { Page } from 'playwright-core';

export const DEMO_PASSWORD = 'laurel-demo-2026';

export async function signIn(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard$/);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/sign-in$/);
}

/**
 * Signs in as the demo issuer with plain HTTP (a browser session: cookies and the form token) and issues
 * one badge through the API (of the issuer's first badge class, or the `classIndex`th); returns the award id,
 * its credential JSON and the session cookie.
 */
export async function issueDemoBadge(baseUrl: string, recipient: { email: string; firstName: string; lastName: string }, classIndex = 0): Promise<{ awardId: string; credential: string; cookie: string }> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [kv] = c.split(';');
      const [k, v] = kv!.split('=');
      jar.set(k!, v!);
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  let res = await fetch(`${baseUrl}/sign-in`);
  keep(res);
  const signInCsrf = /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]!;
  res = await fetch(`${baseUrl}/sign-in`, { method: 'POST', redirect: 'manual', headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: signInCsrf, email: 'issuer@redriver.example.edu', password: DEMO_PASSWORD }) });
  keep(res);
  // Tokens are bound to the session: take the signed-in page's token, as a browser following the redirect does.
  res = await fetch(`${baseUrl}/dashboard`, { headers: { cookie: cookie() } });
  keep(res);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await res.text())![1]!;
  const classes = (await (await fetch(`${baseUrl}/api/v1/badge-classes`, { headers: { cookie: cookie() } })).json()) as { items: { id: string }[] };
  const award = (await (
    await fetch(`${baseUrl}/api/v1/awards`, {
      method: 'POST',
      headers: { cookie: cookie(), 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ badge_class_id: classes.items[classIndex]!.id, recipient_email: recipient.email, first_name: recipient.firstName, last_name: recipient.lastName }),
    })
  ).json()) as { id?: string };
  if (!award.id) throw new Error(`could not issue a badge: ${JSON.stringify(award)}`);
  const credential = await (await fetch(`${baseUrl}/badges/${award.id}.json`, { headers: { cookie: cookie() } })).text();
  return { awardId: award.id, credential, cookie: cookie() };
}
