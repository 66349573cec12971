// Route schemas compiled on first use rather than at start-up. Fastify compiles every route's request
// validator (Ajv) and response serializer (fast-json-stringify) while the app gets ready: with a few
// hundred routes that was the largest part of `laurel serve`'s start-up (about 2 of 8 s in a CPU
// profile on a busy machine), for routes most processes never serve. These wrap Fastify's own default
// compilers — same Ajv options, same shared schemas — and compile a route's function the first time it
// is called. A schema that fails to compile now fails that route's first request (a 500) rather than
// start-up; the test suite calls the routes.
import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type Fn = ((...args: unknown[]) => unknown) & { errors?: unknown; schemaEnv?: unknown };
type Compilers = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type Factory = (...args: unknown[]) => (route: unknown) => Fn;

// Fastify's own dependencies, resolved from Fastify so they are the versions it would use.
const requireFromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));

/** A function that compiles with `compile` on its first call, and then is that function. */
function lazy(compile: () => Fn): Fn {
  let fn: Fn | undefined;
  const get = () => (fn ??= compile());
  const wrapper: Fn = (...args: unknown[]) => get()(...args);
  // Fastify reads these from a validator: `schemaEnv` (an Ajv function: it passes the parent so Ajv can
  // coerce the root value) before the call, `errors` after a failed one.
  Object.defineProperty(wrapper, 'schemaEnv', { get: () => get().schemaEnv });
  Object.defineProperty(wrapper, 'errors', { get: () => get().errors });
  return wrapper;
}

function lazyFactory(factory: Factory): Factory {
  return (...args) => {
    const compiler = factory(...args);
    return (route) => lazy(() => compiler(route));
  };
}

/** Fastify's `schemaController.compilersFactory`, compiling each route's schemas on first use. */
export function lazySchemaCompilers(): Compilers {
  const validators = (requireFromFastify('@fastify/ajv-compiler') as () => Factory)();
  const serializers = (requireFromFastify('@fastify/fast-json-stringify-compiler') as () => Factory)();
  return { buildValidator: lazyFactory(validators), buildSerializer: lazyFactory(serializers) } as unknown as Compilers;
}
