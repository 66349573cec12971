// Route schemas compiled on first use (app/lazy-schemas.ts) behave as Fastify's eager defaults:
// validation with coercion and errors, and serialization by the response schema.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { lazySchemaCompilers } from '../src/app/lazy-schemas.ts';

describe('lazy route schema compilers', () => {
  it('validate, coerce and serialize like the defaults, compiling nothing before the first request', async () => {
    const app = Fastify({ ajv: { customOptions: { coerceTypes: 'array', allErrors: true } }, schemaController: { compilersFactory: lazySchemaCompilers() } });
    let calls = 0;
    app.post<{ Body: { n: number }; Querystring: { tags: string[] } }>('/x', {
      schema: {
        body: { type: 'object', required: ['n'], properties: { n: { type: 'integer', minimum: 1 } } },
        querystring: { type: 'object', properties: { tags: { type: 'array', items: { type: 'string' } } } },
        response: { 200: { type: 'object', properties: { n: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } } } } },
      },
    }, async (req) => {
      calls++;
      return { n: req.body.n, tags: req.query.tags, secret: 'not in the schema' };
    });
    await app.ready();
    const ok = await app.inject({ method: 'POST', url: '/x?tags=a', payload: { n: '3' } });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('{"n":3,"tags":["a"]}');
    const bad = await app.inject({ method: 'POST', url: '/x', payload: { n: 0 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toBe('body/n must be >= 1');
    const missing = await app.inject({ method: 'POST', url: '/x', payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toContain("must have required property 'n'");
    expect(calls).toBe(1);
    await app.close();
  });
});
