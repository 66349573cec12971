// Public and earner pages in English and Spanish (issue #19): chosen by Accept-Language, then the
// switcher's cookie (which beats the header), then the account's saved choice (which beats both);
// the official-site banner and identifier footer; dates in the page's language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repos } from '../src/storage/repositories/index.ts';
import { Client, makeTestApp, signedIn, type TestApp } from './helpers/app.ts';

const ES = { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' };

describe('language of public pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp('sqlite', { env: { LAUREL_SIGNING_THREADS: '0', LAUREL_STATE_NAME: 'Oklahoma', LAUREL_PUBLIC_RECORDS_URL: 'https://records.example.gov/request' } });
  });
  afterAll(async () => t?.close());

  it('answers Accept-Language: es in Spanish, with lang="es", Content-Language and Vary', async () => {
    const res = await new Client(t.app).get('/privacy', ES);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="es">');
    expect(res.headers['content-language']).toBe('es');
    expect(String(res.headers.vary)).toMatch(/Accept-Language/i);
    expect(String(res.headers.vary)).toMatch(/Cookie/i);
    expect(res.body).toContain('<h1>Privacidad</h1>');
    expect(res.body).toContain('Qué guarda Laurel');
    expect(res.body).toContain('Saltar al contenido principal');
    expect(res.body).toContain('Iniciar sesión');
    expect(res.body).not.toContain('What Laurel keeps');
  });

  it('stays English for English, for a language it does not have, and by default', async () => {
    for (const h of [{ 'accept-language': 'en-US,en;q=0.9' }, { 'accept-language': 'fr-FR' }, {}] as Record<string, string>[]) {
      const res = await new Client(t.app).get('/privacy', h);
      expect(res.body).toContain('<html lang="en">');
      expect(res.body).toContain('<h1>Privacy</h1>');
    }
  });

  it('shows the official-site banner and the identifier footer, in both languages', async () => {
    const en = (await new Client(t.app).get('/')).body;
    expect(en).toContain('An official website of the State of Oklahoma');
    expect(en).toMatch(/<details class="laurel-banner__details"><summary[^>]*>.*Here’s how you know/);
    expect(en).toContain('An official website of the <a href="http://laurel.test/">Oklahoma State Regents for Higher Education</a>');
    expect(en).toContain('<a href="/accessibility" class="usa-identifier__required-link usa-link">Accessibility statement</a>');
    expect(en).toContain('<a href="https://records.example.gov/request" class="usa-identifier__required-link usa-link">Public records requests</a>');
    expect(en).toContain('<a href="http://laurel.test/privacy" class="usa-identifier__required-link usa-link">Privacy policy</a>');
    const es = (await new Client(t.app).get('/', ES)).body;
    expect(es).toContain('Un sitio web oficial del Estado de Oklahoma');
    expect(es).toContain('Así es como usted puede verificarlo');
    expect(es).toContain('Declaración de accesibilidad');
    expect(es).toContain('Solicitudes de registros públicos');
  });

  it('has an accessibility statement with the contact address and a localised date', async () => {
    const en = await new Client(t.app).get('/accessibility');
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain('<h1>Accessibility statement</h1>');
    expect(en.body).toContain('WCAG');
    expect(en.body).toContain('<a href="mailto:accessibility@laurel.test">accessibility@laurel.test</a>');
    expect(en.body).toContain('December 3, 2026');
    const es = await new Client(t.app).get('/accessibility', ES);
    expect(es.body).toContain('<h1>Declaración de accesibilidad</h1>');
    expect(es.body).toContain('3 de diciembre de 2026');
  });

  it('switches language with the switcher: a cookie that beats Accept-Language, back to the same page', async () => {
    const c = new Client(t.app);
    const page = await c.get('/privacy?x=1', ES);
    expect(page.body).toMatch(/<form method="post" action="\/language" class="laurel-language">.*<input type="hidden" name="lang" value="en"\/><input type="hidden" name="next" value="\/privacy\?x=1"\/><button type="submit" [^>]*lang="en"[^>]*>English<\/button>/);
    const res = await c.post('/language', { lang: 'en', next: '/privacy?x=1' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/privacy?x=1');
    expect(c.cookies.get('laurel_lang')).toBe('en');
    const after = await c.get('/privacy', ES);
    expect(after.body).toContain('<html lang="en">');
    await c.post('/language', { lang: 'es', next: '/privacy' });
    expect((await c.get('/privacy')).body).toContain('<html lang="es">');
  });

  it('never redirects off the site, and ignores a language it does not have', async () => {
    const c = new Client(t.app);
    await c.get('/');
    for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)']) {
      const res = await c.post('/language', { lang: 'es', next });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/');
    }
    await new Client(t.app).get('/');
    const bad = new Client(t.app);
    await bad.get('/');
    const res = await bad.post('/language', { lang: 'fr', next: '/privacy' });
    expect(res.statusCode).toBe(303);
    expect(bad.cookies.has('laurel_lang')).toBe(false);
  });

  it('refuses a switcher post without the form token', async () => {
    const res = await new Client(t.app).post('/language', { lang: 'es', next: '/' }, { csrf: false });
    expect(res.statusCode).toBe(403);
  });

  it('saves a signed-in earner’s choice on the account, which beats the cookie and the header', async () => {
    const c = await signedIn(t.app, 'student@example.com');
    await c.post('/language', { lang: 'es', next: '/portfolio' });
    const r = repos(t.deps.db);
    const user = (await r.users.findByEmail('student@example.com'))!;
    expect(user.language).toBe('es');
    const events = await t.deps.db.selectFrom('audit_events').select(['action', 'data']).where('subject_id', '=', user.id).where('action', '=', 'user.language_changed').execute();
    expect(events.length).toBe(1);
    // Another browser, English cookie and English header: the saved choice wins.
    const other = new Client(t.app);
    other.cookies.set('laurel_lang', 'en');
    await other.get('/sign-in');
    await other.signIn('student@example.com');
    const page = await other.get('/privacy', { 'accept-language': 'en' });
    expect(page.body).toContain('<html lang="es">');
  });
});
