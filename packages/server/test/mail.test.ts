// Email goes through the outbox: queued in the transaction of the change, delivered by the worker,
// retried on failure, and never lost when the process dies between the two.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inviteUser } from '../src/domain/accounts/invitations.ts';
import { SYSTEM } from '../src/domain/actor.ts';
import { listMailbox } from '../src/mail/mailbox.ts';
import { mailDir } from '../src/mail/transport.ts';
import { repos } from '../src/storage/repositories/index.ts';
import { makeTestApp, Client, signedIn } from './helpers/app.ts';
import { DIALECTS, freshDatabase } from './helpers/db.ts';

describe.each(DIALECTS)('outbox on %s', (dialect) => {
  it('delivers a message queued before a crash when the next process starts', async () => {
    const fresh = await freshDatabase(dialect);
    try {
      const first = await makeTestApp(dialect, { fresh });
      await inviteUser(first.deps, SYSTEM, { organization: 'red-river', email: 'survivor@example.edu', role: 'issuer' });
      // The process "dies" before its worker ran: nothing was sent, but the job is in the database.
      expect(await repos(first.deps.db).jobs.counts('email')).toEqual({ pending: 1 });
      await first.close();

      const second = await makeTestApp(dialect, { fresh, seed: false });
      await second.app.laurel.worker.drain();
      expect(await repos(second.deps.db).jobs.counts('email')).toEqual({ done: 1 });
      const { items } = await listMailbox(mailDir(second.config), { page: 1, perPage: 10 });
      expect(items.map((m) => m.to)).toEqual(['survivor@example.edu']);
      await second.close();
    } finally {
      await fresh.drop();
    }
  });

  it('retries a failed delivery later instead of dropping it', async () => {
    const t = await makeTestApp(dialect);
    try {
      let fail = true;
      const sent: string[] = [];
      Object.assign(t.laurel.mail, {
        send: async (m: { to: string }) => {
          if (fail) throw new Error('SMTP server said 451 try again later');
          sent.push(m.to);
        },
      });
      await inviteUser(t.deps, SYSTEM, { organization: 'red-river', email: 'retry@example.edu', role: 'issuer' });
      await t.app.laurel.worker.drain();
      expect(await repos(t.deps.db).jobs.counts('email')).toEqual({ pending: 1 });
      fail = false;
      t.clock.now = new Date(Date.now() + 5 * 60_000);
      await t.app.laurel.worker.drain();
      expect(sent).toEqual(['retry@example.edu']);
      expect(await repos(t.deps.db).jobs.counts('email')).toEqual({ done: 1 });
    } finally {
      await t.close();
    }
  });

  it('shares sessions between two app processes on one database', async () => {
    const fresh = await freshDatabase(dialect);
    const a = await makeTestApp(dialect, { fresh });
    const b = await makeTestApp(dialect, { fresh, seed: false });
    try {
      const onA = await signedIn(a.app, 'admin@regents.example.org');
      const onB = new Client(b.app);
      onB.cookies = new Map(onA.cookies);
      onB.csrf = onA.csrf;
      const dash = await onB.get('/dashboard');
      expect(dash.statusCode).toBe(200);
      expect(dash.body).toContain('System administration');
      // A form rendered by one process is accepted by the other (same master key).
      const res = await onB.post('/admin/institutions', { name: 'Shared Session College', slug: 'shared-session' });
      expect(res.statusCode).toBe(303);
      expect(await repos(a.deps.db).organizations.findBySlug('shared-session')).toBeDefined();
    } finally {
      await a.close();
      await b.close();
      await fresh.drop();
    }
  });
});

describe('SMTP delivery', () => {
  let server: SMTPServer;
  let port: number;
  const received: { to: string[]; data: string }[] = [];

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString()));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
          callback();
        });
      },
    });
    server.listen(0, '127.0.0.1');
    await once(server.server, 'listening');
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends through a real SMTP session when LAUREL_SMTP_URL is set', async () => {
    const t = await makeTestApp('sqlite', { env: { LAUREL_SMTP_URL: `smtp://127.0.0.1:${port}`, LAUREL_MAIL_FROM: 'Laurel <laurel@regents.example.org>' } });
    try {
      await inviteUser(t.deps, SYSTEM, { organization: 'prairie-state', email: 'smtp@prairiestate.example.edu', role: 'issuer' });
      await t.app.laurel.worker.drain();
      expect(received).toHaveLength(1);
      expect(received[0]!.to).toEqual(['smtp@prairiestate.example.edu']);
      expect(received[0]!.data).toContain('Subject: You are invited to join Prairie State University on Laurel');
      expect(received[0]!.data).toContain('From: Laurel <laurel@regents.example.org>');
      expect(await repos(t.deps.db).jobs.counts('email')).toEqual({ done: 1 });
    } finally {
      await t.close();
    }
  });
});
