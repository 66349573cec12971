import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('has defaults that run a fresh install on SQLite', () => {
    const c = loadConfig({}, '/srv/laurel');
    expect(c).toMatchObject({
      dataDir: '/srv/laurel/data',
      database: { dialect: 'sqlite', file: '/srv/laurel/data/laurel.db' },
      port: 3000,
      publicUrl: 'http://localhost:3000',
      masterKey: undefined,
      smtp: undefined,
      logLevel: 'info',
      secureCookies: false,
      workers: 1,
      jobLeaseSeconds: undefined,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads PostgreSQL, SMTP, a master key and an https public URL', () => {
    const c = loadConfig({
      LAUREL_DATABASE_URL: 'postgres://u:p@db:5432/laurel',
      LAUREL_SMTP_URL: 'smtps://user%40x:secret@mail.example.org',
      LAUREL_MASTER_KEY: Buffer.alloc(32, 1).toString('base64'),
      LAUREL_PUBLIC_URL: 'https://badges.example.edu/',
      PORT: '8080',
      LAUREL_WORKERS: '4',
      LAUREL_JOB_LEASE_SECONDS: '15',
    });
    expect(c.database).toEqual({ dialect: 'postgres', url: 'postgres://u:p@db:5432/laurel' });
    expect(c.smtp).toEqual({ host: 'mail.example.org', port: 465, secure: true, user: 'user@x', password: 'secret' });
    expect(c.masterKey?.length).toBe(32);
    expect(c.publicUrl).toBe('https://badges.example.edu');
    expect(c.secureCookies).toBe(true);
    expect(c.port).toBe(8080);
    expect(c.workers).toBe(4);
    expect(c.jobLeaseSeconds).toBe(15);
  });

  it.each([
    ['PORT', 'eighty', /PORT: must be a whole number/],
    ['PORT', '70000', /PORT: must be between 0 and 65535/],
    ['LAUREL_DATABASE_URL', 'mysql://x/y', /LAUREL_DATABASE_URL: must be a SQLite file path or a postgres/],
    ['LAUREL_PUBLIC_URL', 'localhost:3000', /LAUREL_PUBLIC_URL: must use http: or https:/],
    ['LAUREL_PUBLIC_URL', 'not a url', /LAUREL_PUBLIC_URL: is not a valid URL/],
    ['LAUREL_MASTER_KEY', 'short', /LAUREL_MASTER_KEY: must be 32 bytes/],
    ['LAUREL_SMTP_URL', 'http://mail', /LAUREL_SMTP_URL: must use smtp: or smtps:/],
    ['LAUREL_LOG_LEVEL', 'loud', /LAUREL_LOG_LEVEL: must be one of/],
    ['LAUREL_SEED_DEMO', 'maybe', /LAUREL_SEED_DEMO: must be true or false/],
    ['LAUREL_SESSION_DAYS', '0', /LAUREL_SESSION_DAYS: must be between 1 and 365/],
    ['LAUREL_CLAIM_LINK_DAYS', '0', /LAUREL_CLAIM_LINK_DAYS: must be between 1 and 3650/],
    ['LAUREL_CLAIM_LINK_DAYS', 'ninety', /LAUREL_CLAIM_LINK_DAYS: must be a whole number/],
    ['LAUREL_WORKERS', '0', /LAUREL_WORKERS: must be between 1 and 64/],
    ['LAUREL_WORKERS', 'two', /LAUREL_WORKERS: must be a whole number/],
    ['LAUREL_JOB_LEASE_SECONDS', '10', /LAUREL_JOB_LEASE_SECONDS: must be between 15 and 3600/],
    ['LAUREL_JOB_LEASE_SECONDS', 'soon', /LAUREL_JOB_LEASE_SECONDS: must be a whole number/],
    ['LAUREL_CTDL_REGISTRY_URL', 'https://sandbox.credentialengine.org/assistant', /LAUREL_CTDL_API_KEY: is required when LAUREL_CTDL_REGISTRY_URL is set/],
    ['LAUREL_CTDL_REGISTRY_URL', 'ftp://registry', /LAUREL_CTDL_REGISTRY_URL: must use http: or https:/],
    ['LAUREL_CTDL_API_KEY', 'abc', /LAUREL_CTDL_API_KEY: is set but LAUREL_CTDL_REGISTRY_URL is not/],
    ['LAUREL_CTDL_ORGANIZATION_CTIDS', 'prairie-state=12345', /LAUREL_CTDL_ORGANIZATION_CTIDS: must be comma-separated slug=ctid pairs/],
  ])('stops on a bad %s with a message naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('reads the Credential Engine Registry settings: off by default, on with a URL and a key', () => {
    expect(loadConfig({}).ctdlRegistry).toBeUndefined();
    expect(loadConfig({}).ctdlOrganizationCtids).toEqual({});
    const c = loadConfig({
      LAUREL_CTDL_REGISTRY_URL: 'https://sandbox.credentialengine.org/assistant/',
      LAUREL_CTDL_API_KEY: ' key-1 ',
      LAUREL_CTDL_ORGANIZATION_CTIDS: 'prairie-state=CE-0D0C2B0E-1111-4222-8333-444455556666, regents=ce-11111111-2222-4333-8444-555555555555',
    });
    expect(c.ctdlRegistry).toEqual({ url: 'https://sandbox.credentialengine.org/assistant', apiKey: 'key-1' });
    expect(c.ctdlOrganizationCtids).toEqual({ 'prairie-state': 'ce-0d0c2b0e-1111-4222-8333-444455556666', regents: 'ce-11111111-2222-4333-8444-555555555555' });
  });
});
