// One `laurel serve` and one Chromium per journey file, started before its tests and stopped after them.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launch } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

export interface Journey {
  readonly server: RunningServer;
  readonly browser: Browser;
}

/** Registers the file's beforeAll/afterAll; the returned object's fields are set once beforeAll has run. */
export function useJourney(env: Record<string, string> = {}, opts: { host?: 'localhost' | '127.0.0.1' } = {}): Journey {
  const j = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    j.server = await startServer(env, opts);
    j.browser = await launch();
  });
  afterAll(async () => {
    await j.browser?.close();
    await j.server?.stop();
  });
  return j;
}
