// Public and earner pages in English and Spanish (issue #19): chosen by Accept-Language, then the
// switcher's cookie (which beats the header), then the account's saved choice (which beats both);
// the official-site banner and identifier footer; dates in the page's language; the earner's portfolio
// (its pathways, flash messages, addresses, import and learner records), the badge page's wallet section
// and the public pathway pages in Spanish, and the same pages unchanged in English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorForUser } from '../src/domain/accounts/sessions.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { issueAward } from '../src/domain/issuance/issue-awards.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { mailsTo } from './helpers/mail.ts';
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

  it('the inventory search, a program page and an institution page', async () => {
    const c = new Client(t.app);
    const search = await c.get('/inventory?q=python', ES);
    expect(search.statusCode).toBe(200);
    expect(search.body).toContain('<html lang="es">');
    expect(search.body).toContain('<h1 class="margin-top-0">Inventario estatal</h1>');
    expect(search.body).toMatch(/<h2 class="margin-0" id="results-heading" aria-live="polite">\d+ programas? para “python”<\/h2>/);
    expect(search.body).toContain('Filtrar programas');
    expect(search.body).toContain('Aplicar filtros');
    expect(search.body).toContain('Mejor coincidencia');
    expect(search.body).toMatch(/>En línea <span class="laurel-count">\(\d+\)<\/span>/);
    expect(search.body).toMatch(/\d+ Respaldado por los Regentes del Estado<\/a>/);
    expect(search.body).toContain('Data Analytics with Python'); // data stays as entered
    expect(search.body).not.toContain('Filter programs');
    const api = await c.get('/api/v1/inventory?q=python&per_page=1');
    const item = (JSON.parse(api.body) as { items: { id: string; institution: { slug: string } }[] }).items[0]!;
    const program = await c.get(`/programs/${item.id}`, ES);
    expect(program.statusCode).toBe(200);
    expect(program.body).toContain('<html lang="es">');
    expect(program.body).toContain('>De un vistazo</h2>');
    expect(program.body).toContain('<dt>Respaldo</dt>');
    expect(program.body).toContain('<h2>Cómo obtener la insignia</h2>');
    expect(program.body).toContain('<a class="usa-breadcrumb__link" href="/inventory"><span>Inventario</span></a>');
    expect(program.body).not.toContain('At a glance');
    expect(program.body).toContain('<dt>Nivel</dt><dd>Intermedio</dd>');
    expect(program.body).toContain('<dd>Con créditos, 6 horas de crédito</dd>');
    const inst = await c.get(`/institutions/${item.institution.slug}`, ES);
    expect(inst.statusCode).toBe(200);
    expect(inst.body).toContain('<html lang="es">');
    expect(inst.body).toMatch(/<h2>\d+ programas? en el inventario<\/h2>/);
    expect(inst.body).toContain('Buscar y filtrar estos programas');
    expect(inst.body).toMatch(/<title>Microcredenciales de [^<]+ · Laurel<\/title>/);
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

describe('earner pages and emails in Spanish', () => {
  let t: TestApp;
  let n = 0;
  beforeAll(async () => {
    t = await makeTestApp('sqlite', { env: { LAUREL_SIGNING_THREADS: '0' } });
  });
  afterAll(async () => t?.close());

  const mailTo = (address: string) => mailsTo(t, address);

  async function issue(email: string, opts: { expiresAt?: string } = {}) {
    const r = repos(t.deps.db);
    const issuer = (await actorForUser(t.deps, (await r.users.findByEmail('issuer@redriver.example.edu'))!.id))!;
    const org = (await r.organizations.findBySlug('red-river'))!;
    const bc = (await r.badgeClasses.listForOrganization(org.id))[0]!;
    const award = await issueAward(t.deps, issuer, { badgeClassId: bc.id, raw: { recipient_email: email, recipient_name: 'Ana Pérez', ...(opts.expiresAt ? { expires_at: opts.expiresAt } : {}) } });
    const mails = await mailTo(email);
    const token = /\/claim\/([A-Za-z0-9_-]+)/.exec(mails.at(-1)!.text)![1]!;
    return { award, token, mails, badge: bc.name };
  }

  it('the badge page and its verification panel', async () => {
    const { award } = await issue(`badge-es-${++n}@example.com`);
    // Not yet accepted, so not public: its issuer looks at it (no saved language; the header decides).
    const issuerClient = await signedIn(t.app, 'issuer@redriver.example.edu');
    const res = await issuerClient.get(`/badges/${award.id}`, ES);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="es">');
    expect(res.body).toContain('Obtenida por <strong>Ana Pérez</strong>, otorgada por <strong>');
    expect(res.body).toContain('<dt>Fecha de emisión</dt>');
    expect(res.body).toContain('Otorgada, aún no reclamada');
    expect(res.body).toMatch(/Respaldado por los Regentes del Estado|No respaldado por los Regentes del Estado/);
    expect(res.body).toContain('Esta insignia es auténtica, está vigente y la otorgó una institución del sistema estatal.');
    expect(res.body).toContain('<span class="laurel-check-status">Correcta</span>');
    // The check's detail in Spanish too (it was the verifier's English, marked lang="en", before).
    expect(res.body).toMatch(/<strong>Firma\.<\/strong> La firma Data Integrity eddsa-rdfc-2022 de \S+ es válida</);
    // The date in Spanish: "3 de diciembre de 2026".
    const day = new Intl.DateTimeFormat('es-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: t.config.timeZone }).format(new Date(award.issuedAt));
    expect(day).toMatch(/^\d{1,2} de [a-z]+ de \d{4}$/);
    expect(res.body).toContain(`<dd>${day}</dd>`);
    const en = await issuerClient.get(`/badges/${award.id}`, { 'accept-language': 'en' });
    expect(en.body).toContain('This badge is genuine, current and issued by an institution of the state system.');
  });

  async function badgeClassNamed(name: string) {
    const r = repos(t.deps.db);
    for (const o of await r.organizations.list()) {
      const bc = (await r.badgeClasses.listForOrganization(o.id)).find((b) => b.name === name);
      if (bc) return bc;
    }
    throw new Error(`no badge class ${name}`);
  }

  /** The flash message the redirect's next page shows. */
  async function flashOf(c: Client, res: { statusCode: number; headers: Record<string, unknown> }): Promise<string> {
    expect(res.statusCode).toBe(303);
    const next = await c.get(String(res.headers.location));
    return /<div class="usa-alert__text">([^<]*)<\/div>/.exec(next.body)?.[1] ?? '';
  }

  it('the portfolio with its pathways, card actions and flash messages; the badge page’s wallet section', async () => {
    const r = repos(t.deps.db);
    const email = `portfolio-es-${++n}@example.com`;
    const at = new Date().toISOString();
    await r.users.insert({ id: `u-pf-${n}`, email, name: 'Ana Pérez', passwordHash: await t.deps.passwords.hash('correct horse battery'), at });
    // A component of the demo pathway "Cybersecurity to AI for Business" (all of 2), and a badge to decline.
    const cyber = await badgeClassNamed('Cybersecurity Fundamentals');
    const a = await issueAward(t.deps, SYSTEM, { badgeClassId: cyber.id, raw: { recipient_email: email, recipient_name: 'Ana Pérez' } });
    const es = new Client(t.app);
    es.cookies.set('laurel_lang', 'es');
    await es.get('/sign-in');
    await es.signIn(email, 'correct horse battery');
    const before = await es.get('/portfolio');
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain('<html lang="es">');
    expect(before.body).toContain('<title>Portafolio · Laurel</title>');
    expect(before.body).toContain('<h1>Su portafolio</h1>');
    expect(before.body).toContain('Tiene 1 insignia, de las instituciones que la enviaron a sus direcciones de correo. Las insignias son privadas hasta que usted las haga públicas.');
    expect(before.body).toContain('Registro de aprendizaje (CLR)');
    expect(before.body).toContain('Sus direcciones de correo electrónico (1)');
    expect(before.body).toContain('<h2>Sus insignias</h2>');
    expect(before.body).toContain(`aria-label="Aceptar ${cyber.name}">Aceptar</button>`);
    expect(before.body).toContain(`aria-label="Rechazar ${cyber.name}">Rechazar</button>`);
    expect(before.body).toContain('<h2 id="your-pathways">Sus rutas de aprendizaje</h2>');
    expect(before.body).not.toContain('Your portfolio');
    expect(await flashOf(es, await es.post(`/portfolio/${a.id}/accept`, {}))).toBe('Insignia aceptada.');
    expect(await flashOf(es, await es.post(`/portfolio/${a.id}/visibility`, { visibility: 'public' }))).toBe('La insignia es pública: cualquier persona que tenga el enlace puede verla y verificarla.');
    const other = await issueAward(t.deps, SYSTEM, { badgeClassId: (await badgeClassNamed('Data Analytics with Python')).id, raw: { recipient_email: email, recipient_name: 'Ana Pérez' } });
    expect(await flashOf(es, await es.post(`/portfolio/${other.id}/decline`, {}))).toBe('Insignia rechazada.');
    const page = await es.get('/portfolio');
    expect(page.body).toContain('Tiene 2 insignias, de todas las instituciones');
    expect(page.body).toContain(`aria-label="Hacer privada: ${cyber.name}">Hacer privada</button>`);
    expect(page.body).toContain('<span class="usa-tag">Pública</span>');
    expect(page.body).toContain('<p class="margin-top-0">Hacia: Artificial Intelligence for Business</p>');
    expect(page.body).toContain('<span class="usa-step-indicator__heading-text">Avance: 1 de 2 obtenidos</span>');
    expect(page.body).toContain('Lo que sigue');
    // The same portfolio in English, as it was.
    const en = new Client(t.app);
    await en.get('/sign-in');
    await en.signIn(email, 'correct horse battery');
    const english = await en.get('/portfolio', { 'accept-language': 'en' });
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('<h1>Your portfolio</h1>');
    expect(english.body).toContain('2 badges from every institution that issued to your addresses. Badges are private until you make them public.');
    expect(english.body).toContain(`aria-label="Make private: ${cyber.name}">Make private</button>`);
    expect(english.body).toContain('<span class="usa-step-indicator__heading-text">Progress: 1 of 2 earned</span>');
    expect(english.body).toContain('<h2 id="your-pathways">Your pathways</h2>');
    // The wallet section of the earner's own badge page, and why a declined one cannot go to a wallet.
    const badge = await es.get(`/badges/${a.id}`);
    expect(badge.body).toContain('<h2 id="wallet-heading">Agregar a una billetera digital</h2>');
    expect(badge.body).toContain('como <a href="https://lcw.app" rel="noopener">Learner Credential Wallet</a> (gratuita para iPhone y Android)');
    expect(badge.body).toContain('alt="Código QR que abre Learner Credential Wallet para agregar esta insignia.');
    expect(badge.body).toContain('>Abrir en la aplicación de la billetera</a>');
    expect(badge.body).toContain('Este código funciona una sola vez, durante 15 minutos (hasta <strong>');
    expect(badge.body).toContain('Generar un código nuevo');
    expect(badge.body).not.toContain('Add to a wallet');
    expect((await es.get(`/badges/${other.id}`)).body).toContain('Usted rechazó esta insignia, por lo que no se puede agregar a una billetera.');
    const enBadge = await en.get(`/badges/${a.id}`, { 'accept-language': 'en' });
    expect(enBadge.body).toContain('<h2 id="wallet-heading">Add to a wallet</h2>');
    expect(enBadge.body).toMatch(/This code works once, for 15 minutes: until <strong>\d{1,2}:\d{2} [AP]M [A-Z]+<\/strong>\./);
  });

  it('the portfolio’s email addresses, import and learner record pages, and their flash messages', async () => {
    const r = repos(t.deps.db);
    const email = `records-es-${++n}@example.com`;
    const at = new Date().toISOString();
    await r.users.insert({ id: `u-rec-${n}`, email, name: 'Ana Pérez', passwordHash: await t.deps.passwords.hash('correct horse battery'), at });
    await r.users.setLanguage(`u-rec-${n}`, 'es', at);
    const c = new Client(t.app);
    await c.get('/sign-in');
    await c.signIn(email, 'correct horse battery');
    const emails = await c.get('/portfolio/emails');
    expect(emails.body).toContain('<h1>Sus direcciones de correo electrónico</h1>');
    expect(emails.body).toContain(`<strong>${email}</strong> (su dirección para iniciar sesión)`);
    expect(emails.body).toContain('Enviar el enlace de confirmación');
    expect(await flashOf(c, await c.post('/portfolio/emails', { email: `second-${n}@example.com` }))).toBe(`Enviamos un enlace de confirmación a second-${n}@example.com.`);
    const listed = await c.get('/portfolio/emails');
    expect(listed.body).toContain('(pendiente de confirmación: revise ese buzón)');
    expect(listed.body).toContain(`aria-label="Quitar second-${n}@example.com">Quitar</button>`);
    const imp = await c.get('/portfolio/import');
    expect(imp.body).toContain('<h1>Importar una insignia de otro emisor</h1>');
    expect(imp.body).toContain('O pegue el enlace, el JSON o el JWT de la insignia');
    expect(imp.body).toContain('Verificar e importar');
    // A badge issued to someone else, imported as an external one.
    const elsewhere = await issueAward(t.deps, SYSTEM, { badgeClassId: (await badgeClassNamed('Cybersecurity Fundamentals')).id, raw: { recipient_email: `elsewhere-${n}@example.com`, recipient_name: 'Luis Gómez' } });
    const imported = await c.post('/portfolio/import', { text: elsewhere.credential });
    expect(await flashOf(c, imported)).toBe('Se importó “Cybersecurity Fundamentals”, de Red River Community College, verificada.');
    const portfolio = await c.get('/portfolio');
    expect(portfolio.body).toContain('<h2>Importadas de otros emisores</h2>');
    expect(portfolio.body).toMatch(/<strong>Cybersecurity Fundamentals<\/strong>, de Red River Community College \(Open Badges 3\.0, externa\) — verificada; importada el \d{1,2} [a-z]+\.? \d{4}/);
    expect(portfolio.body).toContain('Todavía no tiene insignias.');
    expect(portfolio.body).toContain('Todavía no ha comenzado ninguna ruta de aprendizaje.');
    const empty = await c.get('/portfolio/learner-record');
    expect(empty.body).toContain('<h1>Registro de aprendizaje (CLR)</h1>');
    expect(empty.body).toContain('Todavía no tiene insignias para incluir en un registro');
    expect(empty.body).toContain('Acepte una insignia en su <a href="/portfolio">portafolio</a> y luego vuelva aquí.');
    expect(empty.body).toContain('Todavía no ha creado ningún registro de aprendizaje.');
    const mine = await issueAward(t.deps, SYSTEM, { badgeClassId: (await badgeClassNamed('Cybersecurity Fundamentals')).id, raw: { recipient_email: email, recipient_name: 'Ana Pérez' } });
    await c.post(`/portfolio/${mine.id}/accept`, {});
    const form = await c.get('/portfolio/learner-record');
    expect(form.body).toContain('<legend class="usa-legend">Qué insignias</legend>');
    expect(form.body).toContain('Solo las insignias que marque abajo');
    expect(form.body).toContain('Crear el registro de aprendizaje');
    const made = await c.post('/portfolio/learner-record', { scope: 'all' });
    expect(await flashOf(c, made)).toBe('Se creó el registro de aprendizaje con 1 insignia. Puede descargarlo abajo.');
    const record = await c.get(String(made.headers.location));
    expect(record.body).toContain('<html lang="es">');
    expect(record.body).toMatch(/1 insignia \(todas sus insignias en ese momento\), creado el \d{1,2} [a-z]+\.? \d{4}\. Una credencial ClrCredential de CLR 2\.0 firmada por los Regentes del Estado\./);
    expect(record.body).toContain('<h2>Insignias de este registro</h2>');
    expect(record.body).toContain('Descargar imagen (PNG, con el registro incorporado)');
    const list = await c.get('/portfolio/learner-record');
    expect(list.body).toContain('<th scope="col">Creado</th>');
    expect(list.body).toContain('1 (todas)');
    expect(list.body).toContain('>Imagen (PNG)</a>');
  });

  it('the pathways on a program page, the public pathway page and list; English as it was', async () => {
    const c = new Client(t.app);
    const cyber = await badgeClassNamed('Cybersecurity Fundamentals');
    const program = await c.get(`/programs/${cyber.programId}`, ES);
    expect(program.body).toContain('<html lang="es">');
    expect(program.body).toContain('<h2 id="pathways-heading">Rutas de aprendizaje</h2>');
    expect(program.body).toContain('Este programa se acumula para obtener credenciales mayores a través de estas rutas de aprendizaje.');
    expect(program.body).toContain('<strong>Regla:</strong> Obtenga los 2 componentes para completar la ruta.');
    expect(program.body).toContain('>Conduce a · Obtenga los 2 componentes</text>');
    expect(program.body).toContain('6 horas de crédito (este programa)');
    expect(program.body).toContain('(Microcredencial)</p>');
    const list = await c.get('/pathways', ES);
    expect(list.body).toContain('<h1>Rutas de aprendizaje</h1>');
    expect(list.body).toContain('3 componentes; conduce a BS in Agricultural Systems Technology');
    const id = /href="\/pathways\/([0-9a-f-]{36})">Agricultural technology toward the BS<\/a>/.exec(list.body)![1]!;
    const page = await c.get(`/pathways/${id}`, ES);
    expect(page.body).toContain('<h2 id="graph-heading">Cómo se acumula</h2>');
    expect(page.body).toContain('Obtenga 2 componentes cualesquiera de los 3 para completar la ruta.');
    expect(page.body).toContain('Fuera del sistema estatal (credencial externa) (Licenciatura)');
    expect(page.body).toMatch(/Publicada el \d{1,2} [a-z]+\.? \d{4}/);
    const en = await c.get(`/programs/${cyber.programId}`, { 'accept-language': 'en' });
    expect(en.body).toContain('<h2 id="pathways-heading">Pathways</h2>');
    expect(en.body).toContain('<strong>Rule:</strong> Earn all 2 components to complete the pathway.');
    expect(en.body).toContain('6 credit hours (this program)');
    expect((await c.get(`/pathways/${id}`, { 'accept-language': 'en' })).body).toContain('Outside the state system (external credential) (Bachelor’s degree)');
  });

  it('a pathway’s milestone and credit-hour progress in Spanish', async () => {
    const { renderToString } = await import('preact-render-to-string');
    const { h } = await import('preact');
    const { translator } = await import('../src/shared/i18n/translator.ts');
    const { PathwayProgressList } = await import('../src/web/pages/portfolio/pathway-progress.tsx');
    const component = (position: number, name: string, earned: boolean) => ({ position, earned, component: { name, programId: `p${position}`, url: null, creditHours: 4.5 } });
    const p = {
      pathway: { id: 'pw', name: 'Ruta de prueba', destination: { name: 'AAS' } },
      progress: { components: [component(0, 'Soldadura', true), component(1, 'Electricidad', false)], earnedCount: 1, requiredCount: null, creditHoursEarned: 4.5, creditHoursRequired: 9, complete: false, next: [component(1, 'Electricidad', false)] },
      milestone: { state: 'pending_approval', awardId: null },
      milestoneBadgeName: 'Técnico industrial',
      institutions: new Map([['p1', 'Red River Community College']]),
    } as never;
    const html = renderToString(h(PathwayProgressList, { i18n: translator('es'), pathways: [p] }));
    expect(html).toContain('Avance: 4.5 de 9 horas de crédito');
    expect(html).toContain('Electricidad (4.5 horas de crédito)');
    expect(html).toContain('<span class="usa-tag">En espera de aprobación</span> La insignia de hito “Técnico industrial” está en espera de la aprobación del emisor.');
    const english = renderToString(h(PathwayProgressList, { i18n: translator('en'), pathways: [p] }));
    expect(english).toContain('Progress: 4.5 of 9 credit hours');
    expect(english).toContain('The milestone badge “Técnico industrial” is waiting for the issuer’s approval.');
  });

  it('the verifier page', async () => {
    const res = await new Client(t.app).get('/verify', ES);
    expect(res.body).toContain('<h1>Verificar una insignia</h1>');
    expect(res.body).toContain('Verificar el enlace');
    expect(res.body).toContain('El JSON de la insignia o su JWT compacto');
  });

  it('the claim page, declining, and an expired link', async () => {
    const { token, badge } = await issue(`claim-es-${++n}@example.com`);
    const c = new Client(t.app);
    const page = await c.get(`/claim/${token}`, ES);
    expect(page.body).toContain(`<title>Su insignia: ${badge} · Laurel</title>`);
    expect(page.body).toContain('<h1>Usted obtuvo una insignia</h1>');
    expect(page.body).toContain('Crear la cuenta y aceptar');
    expect(page.body).toContain('¿No es para usted?');
    c.cookies.set('laurel_lang', 'es');
    const declined = await c.post(`/claim/${token}/decline`, {});
    expect([200, 303]).toContain(declined.statusCode);
    const after = declined.statusCode === 303 ? await c.get(String(declined.headers.location)) : declined;
    expect(after.body).toContain('Insignia rechazada');
  });

  it('the public profile', async () => {
    const r = repos(t.deps.db);
    const student = (await r.users.findByEmail('student@example.com'))!;
    const res = await new Client(t.app).get(`/profiles/${student.id}`, ES);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`<h1>Insignias de ${student.name}</h1>`);
  });

  it('sign-in, forgot password and reset pages', async () => {
    const c = new Client(t.app);
    const signIn = await c.get('/sign-in', ES);
    expect(signIn.body).toContain('<h1>Iniciar sesión</h1>');
    expect(signIn.body).toContain('Correo electrónico');
    expect(signIn.body).toContain('¿Olvidó su contraseña?');
    const forgot = await c.get('/forgot-password', ES);
    expect(forgot.body).toContain('<h1>Restablecer su contraseña</h1>');
    expect(forgot.body).toContain('Enviar el enlace');
  });

  it('emails the password reset link in the language of the page it was asked from, with Content-Language', async () => {
    const c = new Client(t.app);
    c.cookies.set('laurel_lang', 'es');
    await c.get('/forgot-password');
    const res = await c.post('/forgot-password', { email: 'student@example.com' });
    expect([200, 303]).toContain(res.statusCode);
    const mails = await mailTo('student@example.com');
    const m = mails.at(-1)!;
    expect(m.subject).toBe('Restablezca su contraseña de Laurel');
    expect(m.text).toContain('Alguien pidió restablecer la contraseña de su cuenta de Laurel.');
    expect(m.raw).toMatch(/^Content-Language: es$/m);
    expect(m.html).toContain('<html lang="es" dir="ltr">');
    const token = /\/reset-password\/([A-Za-z0-9_-]+)/.exec(m.text)![1]!;
    const reset = await c.get(`/reset-password/${token}`);
    expect(reset.body).toContain('<h1>Elija una contraseña nueva</h1>');
    expect(reset.body).toContain('Confirme la contraseña nueva');
  });

  it('emails a badge in the earner’s saved language, and in English to an address without one', async () => {
    const email = `saved-es-${++n}@example.com`;
    const r = repos(t.deps.db);
    const at = new Date().toISOString();
    await r.users.insert({ id: `u-es-${n}`, email, name: 'Ana Pérez', passwordHash: null, at });
    await r.users.setLanguage(`u-es-${n}`, 'es', at);
    const { mails, badge } = await issue(email, { expiresAt: '2031-06-15T12:00:00Z' });
    const m = mails.at(-1)!;
    expect(m.subject).toBe(`Usted obtuvo una insignia: ${badge}`);
    expect(m.text).toContain('Hola, Ana Pérez:');
    expect(m.text).toContain('Esta insignia vence el 15 de junio de 2031.');
    expect(m.text).toContain('Ver y reclamar su insignia: ');
    expect(m.raw).toMatch(/^Content-Language: es$/m);
    const plain = await issue(`nolang-${++n}@example.com`);
    expect(plain.mails.at(-1)!.subject).toBe(`You have earned a badge: ${plain.badge}`);
    expect(plain.mails.at(-1)!.raw).toMatch(/^Content-Language: en$/m);
  });
});
