import { rebuildInventory } from '../../domain/inventory/sync.ts';
import type { Command } from '../command.ts';

export const inventoryRebuildCommand: Command = {
  usage: 'laurel inventory rebuild',
  description: 'Re-list every published program in the inventory search (after a restore, or for programs published before the inventory existed).',
  options: {},
  async run(_v, _files, cli) {
    await cli.withLaurel(async (rt) => cli.print(`Listed ${(await rebuildInventory(rt.deps)).toLocaleString('en-US')} programs.`));
  },
};
