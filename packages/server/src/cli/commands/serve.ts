import type { Command } from '../command.ts';
import { serve } from '../serve.ts';

export const serveCommand: Command = {
  usage: 'laurel serve [--port N]',
  description: 'Run the web server (migrates the database first; seeds demo data into an empty database unless LAUREL_SEED_DEMO=false).',
  options: { port: { type: 'string' } },
  async run(v, _files, cli) {
    await serve(cli.config(typeof v.port === 'string' ? { PORT: v.port } : {}));
    return undefined;
  },
};
