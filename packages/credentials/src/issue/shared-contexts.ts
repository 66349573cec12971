// Opt-in speed-up for threads that sign in bulk: lets jsonld.js reuse processed type-scoped contexts.
//
// jsonld.js (v9) clones the whole active context — every term definition of the VC 2.0 and OB 3.0
// contexts, hundreds of them — each time it enters a node whose type has a scoped context, and again
// each time it reverts to the previous context on entering a nested node. The clone also defeats its
// own processed-context cache (keyed by the active context object), so the scoped context is
// re-processed from scratch every time. For an OB 3.0 credential that is two thirds of the signing
// time and most of the garbage — which is what keeps two signing threads from scaling on two cores.
//
// Active contexts are never mutated once built (jsonld clones before it changes one), so this shares
// them: reverting returns the previous context itself, and processing the same local context object
// on the same active context with the same options returns the same result. It has to be installed
// before jsonld's modules load (they bind `process` at load time), so a process or thread installs it
// from its entry module: the `laurel` command does (bin/laurel.js), as do the signing threads and the
// server's test setup, so the whole server suite runs on it. The library itself never installs it.
// Stock jsonld already shares processed contexts through its own cache (which is why they are never
// mutated); a test canonicalises every fixture with it installed and compares byte for byte with stock
// jsonld, and signatures made with it verify with the unmodified library.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
type Ctx = Record<string, unknown> & { previousContext?: Ctx };
type ProcessArgs = { activeCtx: Ctx; localCtx: unknown; options: Record<string, unknown>; propagate?: boolean; overrideProtected?: boolean; cycles?: Set<unknown> };

let installed = false;

const MARK = Symbol.for('laurel.sharedJsonLdContexts');

export function shareJsonLdContexts(): void {
  if (installed) return;
  const api = require('jsonld/lib/context.js') as {
    process: (args: ProcessArgs) => Promise<Ctx>;
    getInitialContext: (options: Record<string, unknown>) => Ctx;
    [MARK]?: true;
  };
  // Installed already by an earlier module instance in this thread (jsonld's modules are per thread).
  if (api[MARK]) {
    installed = true;
    return;
  }
  if (require.cache[require.resolve('jsonld/lib/expand.js')]) {
    throw new Error('shareJsonLdContexts() must run before jsonld is loaded (import it first in the thread\'s entry module)');
  }
  const process = api.process;
  const getInitialContext = api.getInitialContext;
  const revert = function (this: Ctx): Ctx {
    return this.previousContext ?? this;
  };
  api.getInitialContext = (options) => {
    const ctx = getInitialContext(options);
    // Clones copy these method references, so every context derived from it shares contexts too.
    ctx.revertToPreviousContext = revert;
    return ctx;
  };
  // activeCtx → local context object → flags → processed context.
  const memo = new WeakMap<Ctx, WeakMap<object, Map<string, Promise<Ctx>>>>();
  api.process = (args) => {
    const { activeCtx, localCtx, options } = args;
    if (localCtx === null || typeof localCtx !== 'object' || args.cycles?.size) return process(args);
    const flags = `${args.propagate ?? true}|${args.overrideProtected ?? false}|${String(options.base)}|${String(options.processingMode)}|${options.safe === true}|${typeof options.eventHandler}`;
    let byLocal = memo.get(activeCtx);
    if (!byLocal) memo.set(activeCtx, (byLocal = new WeakMap()));
    let byFlags = byLocal.get(localCtx);
    if (!byFlags) byLocal.set(localCtx, (byFlags = new Map()));
    let out = byFlags.get(flags);
    if (!out) {
      out = process(args);
      byFlags.set(flags, out);
      out.catch(() => byFlags!.delete(flags));
    }
    return out;
  };
  api[MARK] = true;
  installed = true;
}
