// Issue #19, the rest of the earner's Spanish: the public and earner forms' validation messages and their
// error summary, the verifier's check details (with dates in Spanish, and no lang="en" on a sentence the
// catalogs know), and every email to an earner in the earner's saved language, else the request's. The
// English pages, the staff forms and the verification API stay as they were.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../src/domain/actor.ts';
import { actorForUser } from '../src/domain/accounts/sessions.ts';
import { issueAward } from '../src/domain/issuance/issue-awards.ts';
import { sendExpiryReminders } from '../src/domain/issuance/reminders.ts';
import { createLtiPlatform } from '../src/domain/lti/platforms.ts';
import { emailProblem, nameProblem, passwordProblem } from '../src/domain/validate.ts';
import { englishPattern, recognise } from '../src/shared/i18n/recognise.ts';
import { translator } from '../src/shared/i18n/translator.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { CHECK_DETAIL_KEYS, checkDetailText } from '../src/web/components/check-detail.tsx';
import { FORM_MESSAGE_KEYS, formMessage } from '../src/web/components/form-messages.ts';
import { makeBadgeClass } from './factories/awards.ts';
import { makeAward } from './factories/badges.ts';
import { mailsTo } from './helpers/mail.ts';
import { Client, makeTestApp, signedIn, type TestApp } from './helpers/app.ts';
import { formOf, LAUREL, launch, TOOL } from './helpers/lti.ts';
import { startLtiPlatform, type PlatformUser } from './support/lti-platform.ts';

const ES = { 'accept-language': 'es-MX,es;q=0.9' };
const es = translator('es', 'America/Chicago');

describe('recognising the domain’s English messages', () => {
  it('turns every key of the tables into a pattern (plain placeholders only)', () => {
    for (const key of [...FORM_MESSAGE_KEYS, ...CHECK_DETAIL_KEYS]) expect(() => englishPattern(key)).not.toThrow();
  });

  it('knows the validation messages of the earner forms, and leaves an unknown one as it is', () => {
    const said = [emailProblem(''), emailProblem('nope'), passwordProblem('short'), passwordProblem('x'.repeat(201)), passwordProblem('aaaaaaaaaaaa'), passwordProblem('ana@example.com', 'ana@example.com'), nameProblem('', 'your name')];
    for (const m of said) expect(recognise(FORM_MESSAGE_KEYS, m!), m).not.toBeNull();
    expect(formMessage(es, passwordProblem('short')!)).toBe('Use al menos 10 caracteres.');
    expect(formMessage(es, 'Something no catalog has.')).toBe('Something no catalog has.');
    expect(formMessage(translator('en'), passwordProblem('short')!)).toBe('Use at least 10 characters.');
  });

  it('says check details in Spanish part by part, dates by the locale, and nothing it does not know', () => {
    expect(checkDetailText(es, 'Not revoked; Not suspended')).toBe('No revocada; No suspendida');
    expect(checkDetailText(es, 'Valid from 2026-03-04T15:00:00Z until 2031-06-15T12:00:00Z')).toBe('Válida desde el 4 de marzo de 2026 hasta el 15 de junio de 2031');
    // A calendar day is that day, whatever the state's time zone (not the evening before in Chicago).
    expect(checkDetailText(es, 'Superseded: the State Regents’ endorsement embedded in this badge was revoked on 2026-01-02, when the program was suspended or withdrawn; the Regents endorsed the program again on 2026-02-01, and that endorsement is checked below.')).toContain('se revocó el 2 de enero de 2026');
    expect(checkDetailText(es, 'DID document for did:web:x could not be retrieved: timeout')).toBeNull();
    expect(checkDetailText(translator('en'), 'Not revoked')).toBe('Not revoked');
  });
});

describe('earner forms, verification details and emails in Spanish', () => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => {
    t = await makeTestApp('sqlite', { env: { LAUREL_SIGNING_THREADS: '0', LAUREL_FETCH_ALLOW_HOSTS: '127.0.0.1' } });
  });
  afterAll(async () => t?.close());

  const mailTo = (address: string) => mailsTo(t, address);

  async function issue(email: string, opts: { expiresAt?: string } = {}) {
    const r = repos(t.deps.db);
    const issuer = (await actorForUser(t.deps, (await r.users.findByEmail('issuer@redriver.example.edu'))!.id))!;
    const org = (await r.organizations.findBySlug('red-river'))!;
    const bc = (await r.badgeClasses.listForOrganization(org.id))[0]!;
    const award = await issueAward(t.deps, issuer, { badgeClassId: bc.id, raw: { recipient_email: email, recipient_name: 'Ana Pérez', ...(opts.expiresAt ? { expires_at: opts.expiresAt } : {}) } });
    const token = /\/claim\/([A-Za-z0-9_-]+)/.exec((await mailTo(email)).at(-1)!.text)![1]!;
    return { award, token, badge: bc.name };
  }

  async function spanishUser(email: string, name = 'Ana Pérez') {
    const r = repos(t.deps.db);
    const id = `u-es-${++n}`;
    const at = new Date().toISOString();
    await r.users.insert({ id, email, name, passwordHash: null, at });
    await r.users.setLanguage(id, 'es', at);
    return id;
  }

  it('sign-in: the error summary and the field messages in Spanish; in English as before', async () => {
    const c = new Client(t.app);
    c.cookies.set('laurel_lang', 'es');
    const res = await c.post('/sign-in', { email: 'not-an-address', password: '' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<h2 class="usa-alert__heading" id="error-summary-heading">Hay un problema</h2>');
    expect(res.body).toContain('<a href="#email">Escriba una dirección de correo electrónico con el formato nombre@ejemplo.edu.</a>');
    expect(res.body).toContain('<a href="#password">Escriba su contraseña.</a>');
    expect(res.body).toContain('<p class="usa-alert__text">Algunos campos requieren su atención.</p>');
    expect(res.body).not.toContain('There is a problem');
    const wrong = await c.post('/sign-in', { email: 'student@example.com', password: 'not the password' });
    expect(wrong.body).toContain('La dirección de correo electrónico o la contraseña no son correctas. Revíselas e inténtelo de nuevo.');
    const en = new Client(t.app);
    const english = await en.post('/sign-in', { email: '', password: '' });
    expect(english.body).toContain('<h2 class="usa-alert__heading" id="error-summary-heading">There is a problem</h2>');
    expect(english.body).toContain('<a href="#email">Enter an email address.</a>');
  });

  it('password reset: asking with a bad address and choosing two passwords that differ', async () => {
    const c = new Client(t.app);
    c.cookies.set('laurel_lang', 'es');
    const forgot = await c.post('/forgot-password', { email: 'nope' });
    expect(forgot.statusCode).toBe(422);
    expect(forgot.body).toContain('Hay un problema');
    expect(forgot.body).toContain('Escriba una dirección de correo electrónico con el formato nombre@ejemplo.edu.');
    await c.post('/forgot-password', { email: 'student@example.com' });
    const token = /\/reset-password\/([A-Za-z0-9_-]+)/.exec((await mailTo('student@example.com')).at(-1)!.text)![1]!;
    await c.get(`/reset-password/${token}`);
    const reset = await c.post(`/reset-password/${token}`, { password: 'a long enough password', confirm: 'another password' });
    expect(reset.statusCode).toBe(422);
    expect(reset.body).toContain('<a href="#confirm">Las dos contraseñas no coinciden.</a>');
  });

  it('the claim page: creating an account with a short password', async () => {
    const { token } = await issue(`claim-form-${++n}@example.com`);
    const c = new Client(t.app);
    c.cookies.set('laurel_lang', 'es');
    await c.get(`/claim/${token}`);
    const res = await c.post(`/claim/${token}/account`, { name: '', password: 'short' });
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<h2 class="usa-alert__heading" id="error-summary-heading">Hay un problema</h2>');
    expect(res.body).toContain('<a href="#name">Escriba su nombre.</a>');
    expect(res.body).toContain('<a href="#password">Use al menos 10 caracteres.</a>');
    expect(res.body).not.toContain('Use at least');
  });

  it('the verifier form and portfolio forms (import, adding an address)', async () => {
    const c = new Client(t.app);
    c.cookies.set('laurel_lang', 'es');
    await c.get('/verify');
    const bad = await c.post('/verify', { credential: '{ not json' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Hay un problema');
    expect(bad.body).toContain('Esto no es un JSON válido. Pegue la insignia completa, desde { hasta }.');
    const earner = await signedIn(t.app, 'student@example.com');
    earner.cookies.set('laurel_lang', 'es');
    await earner.get('/portfolio/emails');
    const email = await earner.post('/portfolio/emails', { email: 'not-an-address' });
    expect(email.statusCode).toBe(422);
    expect(email.body).toContain('<a href="#email">Escriba una dirección de correo electrónico con el formato nombre@ejemplo.edu.</a>');
    const imported = await earner.post('/portfolio/import', { text: '' });
    expect(imported.statusCode).toBe(422);
    expect(imported.body).toContain('Elija un archivo de insignia o pegue el JSON de la insignia.');
  });

  it('the badge page’s check details in Spanish, dates in Spanish, no lang="en"; the API stays English', async () => {
    const { award } = await issue(`checks-${++n}@example.com`, { expiresAt: '2031-06-15T12:00:00Z' });
    const issuer = await signedIn(t.app, 'issuer@redriver.example.edu');
    const res = await issuer.get(`/badges/${award.id}`, ES);
    expect(res.statusCode).toBe(200);
    const issued = es.formatDate(award.issuedAt, 'long');
    expect(res.body).toContain(`<strong>Dentro de sus fechas (no vencida).</strong> Válida desde el ${issued} hasta el 15 de junio de 2031</span>`);
    expect(res.body).toContain('<strong>No revocada ni suspendida.</strong> No revocada');
    expect(res.body).toMatch(/<strong>Firma\.<\/strong> La firma Data Integrity eddsa-rdfc-2022 de did:web:[^ ]+ es válida<\/span>/);
    expect(res.body).toContain('<strong>El emisor es una institución del registro estatal.</strong> Emitida por ');
    expect(res.body).not.toContain('lang="en">');
    const en = await issuer.get(`/badges/${award.id}`, { 'accept-language': 'en' });
    expect(en.body).toMatch(/<strong>Within its dates \(not expired\)\.<\/strong> Valid from \S+ until 2031-06-15T12:00:00Z<\/span>/);
    const credential = (await repos(t.deps.db).awards.findById(award.id))!.credential;
    const api = await t.app.inject({ method: 'POST', url: '/api/v1/verify', headers: { 'content-type': 'application/json', 'accept-language': 'es' }, payload: { credential: JSON.parse(credential) as unknown } });
    const checks = (JSON.parse(api.body) as { checks: { id: string; message: string }[] }).checks;
    expect(checks.find((x) => x.id === 'validity')!.message).toMatch(/^Valid from \S+ until 2031-06-15T12:00:00Z$/);
    expect(Object.keys(checks[0]!).sort()).toEqual(['id', 'message', 'status']);
  });

  it('the /verify result in Spanish', async () => {
    const { award } = await issue(`verify-es-${++n}@example.com`);
    const credential = (await repos(t.deps.db).awards.findById(award.id))!.credential;
    const c = new Client(t.app);
    c.cookies.set('laurel_lang', 'es');
    await c.get('/verify');
    const res = await c.post('/verify', { credential });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`Válida desde el ${es.formatDate(award.issuedAt, 'long')}, sin fecha de vencimiento`);
    expect(res.body).toContain('Todas las entradas de @context son conocidas');
    expect(res.body).not.toContain('lang="en">');
  });

  it('emails the address confirmation in the earner’s saved language, over the page’s', async () => {
    const email = `confirm-es-${++n}@example.com`;
    await spanishUser(email, 'Ana Pérez');
    const r = repos(t.deps.db);
    await r.users.setPassword((await r.users.findByEmail(email))!.id, await t.deps.passwords.hash('demo-password-123'), new Date().toISOString());
    const c = new Client(t.app);
    c.cookies.set('laurel_lang', 'en');
    await c.signIn(email, 'demo-password-123');
    await c.get('/portfolio/emails');
    const other = `second-${n}@example.com`;
    expect((await c.post('/portfolio/emails', { email: other })).statusCode).toBe(303);
    const m = (await mailTo(other)).at(-1)!;
    expect(m.subject).toBe('Confirme su dirección de correo electrónico para Laurel');
    expect(m.text).toContain('Hola, Ana Pérez:');
    expect(m.text).toContain(`Usted pidió agregar ${other} a su cuenta de Laurel`);
    expect(m.text).toContain('Confirmar esta dirección: http');
    expect(m.raw).toMatch(/^Content-Language: es$/m);
  });

  it('emails the expiry reminder in the earner’s saved language, with the date in Spanish', async () => {
    const email = `remind-es-${++n}@example.com`;
    await spanishUser(email);
    const expires = new Date(t.clock.now.getTime() + 10 * 86_400_000).toISOString();
    const { badge } = await issue(email, { expiresAt: expires });
    expect(await sendExpiryReminders(t.deps)).toBeGreaterThanOrEqual(1);
    const m = (await mailTo(email)).at(-1)!;
    const day = es.formatDate(expires, 'long');
    expect(m.subject).toBe(`Su insignia “${badge}” vence el ${day}`);
    expect(m.text).toContain(`Su insignia digital “${badge}” de Red River`);
    expect(m.text).toContain('Comuníquese con la institución si necesita renovarla.');
    expect(m.raw).toMatch(/^Content-Language: es$/m);
  });

  it('emails the badge added from a course (LTI) in the language of the page it was added from', async () => {
    const platform = await startLtiPlatform({ dialect: 'canvas', now: () => t.clock.now, fetchToolJwks: async () => JSON.parse((await t.app.inject({ url: '/lti/jwks.json' })).body) as unknown });
    try {
      const r = repos(t.deps.db);
      const rr = (await r.organizations.findBySlug('red-river'))!;
      const badge = await makeBadgeClass(t.deps, rr, { name: 'Soldadura segura' });
      await createLtiPlatform(t.deps, SYSTEM, { slug: 'red-river', fields: { name: 'Red River Canvas', issuer: platform.issuer, clientId: 'rr-canvas', authLoginUrl: platform.authUrl, authTokenUrl: platform.tokenUrl, jwksUrl: platform.jwksUrl, deploymentIds: 'rr-deployment' } });
      platform.addClient({ clientId: 'rr-canvas', deploymentIds: ['rr-deployment'], ...TOOL(LAUREL) });
      const teacher: PlatformUser = { sub: 'teacher-es', name: 'Terry Teacher', email: 'terry-es@rrc.example.edu', role: 'instructor' };
      const lu: PlatformUser = { sub: 'stu-lu', name: 'Lucía Gómez', email: 'lucia@students.rrc.example.edu', role: 'student' };
      const course = { id: 'course-es', title: 'Soldadura 101', label: 'SOLD101' };
      const c = platform.course(course.id);
      for (const u of [teacher, lu]) c.addMember({ ...u, role: u.role === 'student' ? 'learner' : 'instructor' });
      const picker = await launch(t, platform, { messageType: 'LtiDeepLinkingRequest', user: teacher, context: course });
      const placed = await picker.client.post('/lti/deep-link', { continue: formOf(picker.res.body).fields.continue!, badge_class_id: badge.id }, { csrf: false });
      const back = formOf(placed.body);
      expect((await fetch(back.action, { method: 'POST', body: new URLSearchParams(back.fields) })).status).toBe(200);
      const custom = platform.deepLinks.at(-1)!.contentItems[0]!.custom as Record<string, string>;
      await makeAward(t.deps, badge, { email: lu.email!, name: lu.name });
      const view = await launch(t, platform, { messageType: 'LtiResourceLinkRequest', user: lu, context: course, resourceLink: { id: 'link-es', title: 'Insignia' }, custom });
      view.client.cookies.set('laurel_lang', 'es');
      const claim = await view.client.post('/lti/placement/claim', formOf(view.res.body, '/lti/placement/claim').fields, { csrf: false });
      expect(claim.statusCode, claim.body.slice(0, 600)).toBe(200);
      const m = (await mailTo(lu.email!)).at(-1)!;
      expect(m.subject).toBe('Su insignia “Soldadura segura” está en su portafolio de Laurel');
      expect(m.text).toContain('Hola, Lucía Gómez:');
      expect(m.text).toContain('desde su curso en Red River Canvas');
      expect(m.text).toContain('Ver su insignia: http');
      expect(m.raw).toMatch(/^Content-Language: es$/m);
    } finally {
      await platform.close();
    }
  });

  it('password reset: the changed-password notice and a used or unknown link’s page in Spanish; English as before', async () => {
    const email = 'reviewer@regents.example.org';
    const c = new Client(t.app);
    c.cookies.set('laurel_lang', 'es');
    await c.post('/forgot-password', { email });
    const token = /\/reset-password\/([A-Za-z0-9_-]+)/.exec((await mailTo(email)).at(-1)!.text)![1]!;
    await c.get(`/reset-password/${token}`);
    const done = await c.post(`/reset-password/${token}`, { password: 'a long enough passphrase', confirm: 'a long enough passphrase' });
    expect(done.statusCode).toBe(303);
    expect((await c.get('/sign-in')).body).toContain('Se cambió su contraseña. Inicie sesión con su contraseña nueva.');

    const used = await c.get(`/reset-password/${token}`);
    expect(used.statusCode).toBe(404);
    expect(used.body).toContain('<html lang="es"');
    expect(used.body).toContain('<h1>Este enlace para restablecer la contraseña no se puede usar</h1>');
    expect(used.body).toMatch(/Este enlace para restablecer la contraseña (no es válido o )?ya se usó\. Pida uno nuevo\./);
    expect(used.body).toContain('>Pedir un enlace nuevo</a>');
    expect(used.body).toContain('Código de error: <code>reset_link_invalid</code>');

    const english = await new Client(t.app).get('/reset-password/no-such-token');
    expect(english.statusCode).toBe(404);
    expect(english.body).toContain('<h1>This reset link cannot be used</h1>');
    expect(english.body).toContain('This password reset link is not valid or has already been used. Ask for a new one.');
    expect(english.body).toContain('>Ask for a new link</a>');
    expect(english.body).toContain('Error code: <code>reset_link_invalid</code>');
  });
});
