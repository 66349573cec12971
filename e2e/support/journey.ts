// One `laurel serve` and one Chromium per journey file, started before its tests and stopped after them.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launch } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

export interface Journey {
  readonly server: RunningServer;
  readonly browser: Browser;
}

/**
 * Starts the server and Chromium at once (each is mostly another process's work). If either fails, the
 * other is still handed to `started` so the file's afterAll stops it, and the first failure is thrown.
 */
export async function startBoth(env: Record<string, string>, opts: { host?: 'localhost' | '127.0.0.1' }, started: (j: Partial<Journey>) => void): Promise<Journey> {
  const [server, browser] = await Promise.allSettled([startServer(env, opts), launch()]);
  started({ ...(server.status === 'fulfilled' ? { server: server.value } : {}), ...(browser.status === 'fulfilled' ? { browser: browser.value } : {}) });
  if (server.status === 'rejected') throw server.reason;
  if (browser.status === 'rejected') throw browser.reason;
  return { server: server.value, browser: browser.value };
}

/** Registers the file's beforeAll/afterAll; the returned object's fields are set once beforeAll has run. */
export function useJourney(env: Record<string, string> = {}, opts: { host?: 'localhost' | '127.0.0.1' } = {}): Journey {
  const j = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    await startBoth(env, opts, (started) => Object.assign(j, started));
  });
  afterAll(async () => {
    await j.browser?.close();
    await j.server?.stop();
  });
  return j;
}
