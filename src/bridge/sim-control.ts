// The simulator control endpoint: the console's verbs over HTTP for scripts and test clients
// (`xfs4iot-gateway sim`, curl), registered on the gateway's server only when it runs on the
// simulator. It answers only this machine: the peer must be a loopback address and the Host header
// a loopback name (a web page that rebinds a DNS name to 127.0.0.1 gets SIM-002), and every POST
// must carry a JSON body, which a browser cannot send to another origin without a CORS preflight
// this endpoint never grants. It moves no real card, note or key: it has no authentication beyond
// that, as XFS4IoT clients on loopback have none either.
//   GET  /simulator                       the logical services it drives and the verbs
//   POST /simulator/<logicalName>/<verb>  {"track2": "..."}  ->  {"logicalName","verb","result"}
// Errors: HTTP 4xx with {"error": {"code": "SIM-0xx", "message", "next"?}}.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { isLoopback } from '../xfs4iot/publisher.ts';
import type { SimulatorControl } from '../legacy-xfs3/simulator-control.ts';
import { SIM_VERBS, SimVerbError, runVerb, unknownVerb, validateParams, type SimVerb } from '../legacy-xfs3/sim-verbs.ts';
import type { XfsServiceClass } from '../legacy-xfs3/types.ts';

export const SIM_CONTROL_PREFIX = '/simulator';

export interface SimControlService {
  logicalName: string;
  class: XfsServiceClass;
  xfs4iotName: string;
}

export interface SimControlOptions {
  services: readonly SimControlService[];
  sim: SimulatorControl;
  log: Logger;
}

/** The body of every refusal. */
export interface SimControlErrorBody {
  error: { code: string; message: string; next?: string };
}

/** The body of GET /simulator. */
export interface SimControlListing {
  services: SimControlService[];
  verbs: Array<{ name: string; usage: string; classes: XfsServiceClass[] | null }>;
}

/** The body of a verb that ran. */
export interface SimControlResult {
  logicalName: string;
  verb: string;
  result: string;
}

const CLASS_NAMES: Partial<Record<XfsServiceClass, string>> = {
  IDC: 'card readers', CDM: 'cash dispensers', PIN: 'PIN pads', PTR: 'printers', SIU: 'sensors and indicators units', BCR: 'barcode readers',
};

/** The host part of a Host header ("127.0.0.1:80", "[::1]:5846", "localhost"). */
export function hostOfHeader(header: string | undefined): string {
  if (!header) return '';
  if (header.startsWith('[')) return header.slice(1, header.indexOf(']'));
  const colon = header.lastIndexOf(':');
  return colon > 0 ? header.slice(0, colon) : header;
}

/** Loopback by its literal name only: a DNS name such as 127.example.net may point anywhere. */
export function isLoopbackHostName(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function refuse(reply: FastifyReply, error: SimVerbError): FastifyReply {
  const body: SimControlErrorBody = { error: { code: error.code, message: error.message, ...(error.next ? { next: `xfs4iot-gateway sim ${error.next}` } : {}) } };
  return reply.code(error.status).send(body);
}

function describe(service: SimControlService): string {
  return `${service.logicalName} (${service.class}, ${service.xfs4iotName})`;
}

/**
 * The services a name stands for: by logical name; failing that, case-insensitively or by XFS4IoT
 * name. A recycler's XFS4IoT name stands for its CDM and its CIM: those the verb acts on, in that order.
 */
function findServices(services: readonly SimControlService[], name: string, verb: SimVerb): SimControlService[] {
  const lower = name.toLowerCase();
  const named = services.filter((s) => s.logicalName === name);
  const candidates = named.length > 0 ? named : services.filter((s) => s.logicalName.toLowerCase() === lower || s.xfs4iotName === lower);
  const fitting = candidates.filter((s) => !verb.classes || verb.classes.includes(s.class));
  if (fitting.length > 0) return fitting;
  if (candidates.length > 0) return [candidates[0]];
  throw new SimVerbError('UNKNOWN_SERVICE', `unknown logical service '${name}': this gateway drives ${services.map(describe).join(', ') || 'none'}`);
}

function checkClass(verb: SimVerb, service: SimControlService, services: readonly SimControlService[]): void {
  if (!verb.classes || verb.classes.includes(service.class)) return;
  const fitting = services.filter((s) => verb.classes!.includes(s.class)).map((s) => s.logicalName);
  const kinds = verb.classes.map((c) => `${c} (${CLASS_NAMES[c] ?? c})`).join(', ');
  throw new SimVerbError('WRONG_CLASS', `${verb.name} acts on ${kinds}; ${service.logicalName} is ${service.class}` +
    (fitting.length ? `: try ${fitting.map((n) => `${verb.name} ${n}`).join(' or ')}` : ''));
}

/** Fastify's own refusals (media type, JSON syntax, size) in this endpoint's shape. */
function fastifyRefusal(error: FastifyError): SimVerbError | undefined {
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new SimVerbError('NOT_JSON', 'send the parameters as a JSON object with content-type: application/json ({} for none)');
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new SimVerbError('BAD_PARAMETERS', 'the parameters exceed 16 KiB');
  if (error.statusCode === 400) return new SimVerbError('BAD_PARAMETERS', `the body is not a JSON object (${error.message}): send e.g. {"track2":"..."}, or {} for none`);
  return undefined;
}

export async function simControlRoutes(app: FastifyInstance, options: SimControlOptions): Promise<void> {
  const { services, sim, log } = options;

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const peer = request.socket.remoteAddress ?? '';
    if (!isLoopback(peer)) {
      log.warn({ code: 'SIM-001', peer }, 'simulator control refused a connection from another machine');
      return refuse(reply, new SimVerbError('NOT_LOOPBACK', `simulator control answers only connections from this machine (loopback); ${peer} is not one`));
    }
    const host = hostOfHeader(request.headers.host);
    if (!isLoopbackHostName(host)) {
      log.warn({ code: 'SIM-002', host }, 'simulator control refused a request for another host name');
      return refuse(reply, new SimVerbError('NOT_LOCAL_HOST', `simulator control answers only requests for 127.0.0.1, [::1] or localhost, not for host '${host}'`));
    }
    return undefined;
  });

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const refusal = fastifyRefusal(error);
    if (refusal) return refuse(reply, refusal);
    log.error({ err: error.message }, 'simulator control failed');
    return reply.code(500).send({ error: { code: 'SIM-000', message: 'internal error of the simulator control (see the gateway log)' } });
  });

  app.get('/', async (): Promise<SimControlListing> => ({
    services: services.map((s) => ({ logicalName: s.logicalName, class: s.class, xfs4iotName: s.xfs4iotName })),
    verbs: [...SIM_VERBS.values()].map((verb) => ({ name: verb.name, usage: verb.usage, classes: verb.classes ? [...verb.classes] : null })),
  }));

  app.post<{ Params: { logicalName: string; verb: string } }>('/:logicalName/:verb', { bodyLimit: 16384 }, async (request, reply) => {
    try {
      if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
        throw new SimVerbError('NOT_JSON', 'send the parameters as a JSON object with content-type: application/json ({} for none)');
      }
      const verb = SIM_VERBS.get(request.params.verb);
      if (!verb) throw unknownVerb(request.params.verb);
      const targets = findServices(services, request.params.logicalName, verb);
      checkClass(verb, targets[0], services);
      const params = validateParams(verb, request.body);
      // A recycler's name: the verb runs on each half it applies to (take: the notes the dispenser
      // presented and those the acceptor gave back); it fails only if it fits none.
      const done: Array<{ service: SimControlService; result: string }> = [];
      let refusal: SimVerbError | undefined;
      for (const service of targets) {
        try {
          done.push({ service, result: runVerb(sim, verb, service.logicalName, params, service.class) });
        } catch (error) {
          if (!(error instanceof SimVerbError) || targets.length === 1) throw error;
          refusal ??= error;
        }
      }
      if (done.length === 0) throw refusal as SimVerbError;
      // The verb and the service only: parameters carry track data and PIN pad keys.
      for (const { service } of done) log.info({ logicalName: service.logicalName, verb: verb.name }, 'simulator control');
      const body: SimControlResult = { logicalName: done[0].service.logicalName, verb: verb.name, result: done.map((d) => d.result).join('; ') };
      return await reply.send(body);
    } catch (error) {
      if (!(error instanceof SimVerbError)) throw error;
      log.info({ code: error.code, verb: request.params.verb, logicalName: request.params.logicalName }, `simulator control refused: ${error.message}`);
      return refuse(reply, error);
    }
  });
}
