import type { FastifyPluginAsync } from 'fastify';
import { EndpointUnavailableError, type IotpEndpoint } from './endpoint.ts';
import type { IotpClients } from './clients.ts';
import { fail, iotpError } from './errors.ts';
import { callBackDocument, type ProgressEvent } from './progress.ts';
import { apiResponse } from './response.ts';
import { serializeXml } from './xml.ts';

export interface IotpRoutesOptions {
  bridge: IotpEndpoint;
  /**
   * Who may call: every request must carry `Authorization: Bearer <clientId>.<secret>` of a configured
   * client, and sees only its own payments and CallBacks. 'none' serves unauthenticated callers as the
   * in-process API (every payment): for tests and benchmarks on loopback only, never configured.
   */
  clients: IotpClients | 'none';
  /** Path of the API endpoint below the registration prefix (default '/'). */
  apiPath?: string;
  /** Path of the server-sent events stream of CallBacks (default '/events'). */
  eventsPath?: string;
}

const XML_TYPE = 'application/xml; charset=utf-8';

/**
 * The IOTP Payment API over HTTP: POST an IotpPaymentApiRequest document, receive the
 * IotpPaymentApiResponse (HTTP 200 also for an ErrorResponse: the error is the API's, not HTTP's).
 * GET the events path for the CallBacks as server-sent events (`?PayId=` filters one payment).
 * Register with a prefix: `app.register(iotpRoutes, { prefix: '/iotp', bridge })`.
 */
export const iotpRoutes: FastifyPluginAsync<IotpRoutesOptions> = async (app, opts) => {
  const { bridge } = opts;
  const apiPath = opts.apiPath ?? '/';
  const eventsPath = opts.eventsPath ?? '/events';

  // Any media type is read as the XML it must be; the bridge answers what is not.
  app.removeAllContentTypeParsers();
  // Bytes, not a string: the document's own byte order mark or declaration says how to read it.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: bridge.options.maxRequestBytes + 1 }, (_req, body, done) => done(null, body));

  app.setErrorHandler(async (error, _req, reply) => {
    const code = (error as { code?: string }).code;
    const tooLarge = code === 'FST_ERR_CTP_BODY_TOO_LARGE';
    const outcome = fail(tooLarge
      ? iotpError('MsgTooLarge', { elementType: 'IotpPaymentApiRequest' }, { detail: `the limit is ${bridge.options.maxRequestBytes} bytes.` })
      : iotpError('UnknownError', { elementType: 'IotpPaymentApiRequest' }, { detail: 'the request could not be read.' }));
    bridge.options.onError?.(error);
    return reply.code(200).type(XML_TYPE).send(serializeXml(apiResponse(outcome, 'en', bridge.options.contentSoftwareId)));
  });

  /** The caller's client id; undefined when the routes run unauthenticated; null when refused (answered 401). */
  const callerOf = (authorization: string | undefined): string | undefined | null => {
    if (opts.clients === 'none') return undefined;
    const auth = opts.clients.authenticate(authorization);
    if (auth.ok) return auth.clientId;
    bridge.options.logger?.warn({ reason: auth.reason }, 'iotp request refused: no valid client credentials');
    return null;
  };
  const unauthorized = (reason: string): string => serializeXml(apiResponse(
    fail(iotpError('ReqRefused', { elementType: 'IotpPaymentApiRequest' }, { detail: `${reason} Send Authorization: Bearer <clientId>.<token>.` })),
    'en', bridge.options.contentSoftwareId,
  ));

  // Checked before the body is read: an unauthenticated caller costs no parsing and journals nothing.
  const callers = new WeakMap<object, string | undefined>();
  app.addHook('onRequest', async (req, reply) => {
    const caller = callerOf(req.headers.authorization);
    if (caller === null) return reply.code(401).header('www-authenticate', 'Bearer realm="iotp"').type(XML_TYPE).send(unauthorized('no valid IOTP client credentials.'));
    callers.set(req, caller);
    return undefined;
  });

  app.post(apiPath, async (req, reply) => {
    const body = req.body instanceof Uint8Array ? req.body : '';
    let xml: string;
    try {
      xml = await bridge.handleXml(body, callers.get(req));
    } catch (error) {
      if (!(error instanceof EndpointUnavailableError)) throw error;
      xml = serializeXml(apiResponse(
        fail(iotpError('TransportError', { elementType: 'IotpPaymentApiRequest' }, { detail: error.message, minRetrySecs: error.retrySecs })),
        'en', bridge.options.contentSoftwareId,
      ));
    }
    return reply.code(200).type(XML_TYPE).send(xml);
  });

  // Event streams never end by themselves: end them when the server closes, or close() would wait forever.
  const streams = new Set<{ end: () => void }>();
  app.addHook('preClose', async () => {
    for (const s of streams) s.end();
  });

  app.get<{ Querystring: { PayId?: string } }>(eventsPath, (req, reply) => {
    const caller = callers.get(req);
    const filter = req.query.PayId;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write(': IOTP CallBack stream\n\n');
    let seq = 0;
    const unsubscribe = bridge.subscribe((event: ProgressEvent) => {
      // A client hears only its own payments' CallBacks.
      if (caller !== undefined && event.owner !== caller) return;
      if (filter !== undefined && event.payId !== filter) return;
      seq += 1;
      res.write(`id: ${seq}\nevent: CallBack\ndata: ${callBackDocument(event, false)}\n\n`);
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    keepAlive.unref();
    const stream = { end: () => res.end() };
    streams.add(stream);
    req.raw.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
      streams.delete(stream);
    });
  });
};
