// The VC-API exchange endpoint a digital wallet talks to when an earner adds a badge to it
// (docs/WALLETS.md). Public and anonymous — the exchange id in the URL is the capability — so it is
// outside sessions and Laurel's CSRF check (kit/auth.ts), answers any origin (web wallets call it with
// fetch), and is rate-limited per client address like the verifier.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import Type from 'typebox';
import { getWalletExchangeProtocols } from '../../domain/wallet/get-wallet-exchange-protocols.ts';
import { participateInWalletExchange } from '../../domain/wallet/participate-in-wallet-exchange.ts';
import { errorResponses, ProblemSchema } from '../api/v1/schemas.ts';

const TAG = 'Wallet exchanges';
const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128, description: 'The exchange id from the deep link (`protocols.vcapi`).' }) });

const ExchangeRequestBody = Type.Object(
  {
    verifiablePresentation: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'Step 2: the DIDAuth presentation, signed (eddsa-rdfc-2022, proofPurpose authentication) over the challenge and domain of step 1.' })),
  },
  { additionalProperties: true, description: 'Step 1: `{}`. Step 2: `{ verifiablePresentation }`.' },
);

const ExchangeResponse = Type.Object(
  {
    verifiablePresentationRequest: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'Step 1: a DIDAuthentication request (query, challenge, domain, interact).' })),
    verifiablePresentation: Type.Optional(Type.Object({}, { additionalProperties: true, description: 'Step 2: an unsigned presentation whose verifiableCredential is the badge, exactly as signed.' })),
  },
  { additionalProperties: true },
);

function cors(reply: FastifyReply): FastifyReply {
  return reply.header('access-control-allow-origin', '*').header('access-control-allow-methods', 'POST, GET, OPTIONS').header('access-control-allow-headers', 'content-type').header('access-control-max-age', '600').header('cache-control', 'no-store');
}

export async function registerWalletExchangeRoutes(parent: FastifyInstance): Promise<void> {
  const app = parent.withTypeProvider<TypeBoxTypeProvider>();
  app.addSchema(ProblemSchema);
  const deps = () => app.laurel.deps;
  const rateLimit = { max: app.laurel.config.verifyRateLimit, timeWindow: '1 minute' };
  // Also on errors: a web wallet must be able to read the problem document.
  app.addHook('onRequest', async (_req, reply) => {
    cors(reply);
  });

  app.options('/exchanges/:id', { schema: { hide: true, params: Params }, config: { rateLimit } }, async (_req, reply) => reply.code(204).send());

  app.post(
    '/exchanges/:id',
    {
      schema: {
        tags: [TAG],
        summary: 'Take part in an "Add to wallet" exchange (VC-API): {} → DIDAuth request; { verifiablePresentation } → the badge',
        security: [],
        params: Params,
        body: ExchangeRequestBody,
        response: { 200: ExchangeResponse, ...errorResponses(401, 404, 409, 410, 422) },
      },
      config: { rateLimit },
    },
    async (req, reply) => {
      const answer = await participateInWalletExchange(deps(), { exchangeId: req.params.id, body: req.body });
      reply.type('application/json');
      // The credential's text is already JSON, spliced in as signed: send it without re-serialising.
      return answer.step === 'request' ? reply.send(answer.body) : reply.send(answer.json as never);
    },
  );

  app.get(
    '/exchanges/:id/protocols',
    { schema: { tags: [TAG], summary: 'The interaction protocols of an exchange (VC-API interaction URL): { protocols: { vcapi } }', security: [], params: Params, response: errorResponses(404, 409, 410) }, config: { rateLimit } },
    async (req) => getWalletExchangeProtocols(deps(), { exchangeId: req.params.id }),
  );
}
