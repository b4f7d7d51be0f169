// `xfs4iot-gateway sim <verb> <logicalName> [key=value | word ...]`: drives the simulated devices of
// a gateway running on this machine on the simulator, through its loopback control endpoint
// (sim-control.ts), found over the XFS4IoT port sequence as `call` finds services. The words are
// the console's: `sim insert CardReader1 track2=...`, `sim keys PinPad1 1234E`, `sim take CardReader1`.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { parseArgs } from 'node:util';
import { SIM_VERBS, SimVerbError, parseWords } from '../legacy-xfs3/sim-verbs.ts';
import { SIM_CONTROL_PREFIX, isLoopbackHostName, type SimControlErrorBody, type SimControlListing, type SimControlResult } from './sim-control.ts';

const usage = `usage: xfs4iot-gateway sim [options] <verb> <logicalName> [key=value | word ...]
       xfs4iot-gateway sim [options] list

  drives the simulated devices of a gateway that runs on the simulator on this machine
  (npm start), e.g.
    xfs4iot-gateway sim insert CardReader1 track2=;4761739001010119=29122011143804489?
    xfs4iot-gateway sim keys PinPad1 1234E
    xfs4iot-gateway sim take CardReader1

verbs:
${[...SIM_VERBS.values()].map((verb) => `  ${verb.usage.replace(/\n/g, '\n  ')}`).join('\n')}

options:
  --port <n>       the gateway's port (default: the XFS4IoT port sequence 80/443, 5846..5856)
  --host <name>    127.0.0.1 (default), ::1 or localhost: the endpoint answers only this machine
  --secure         the gateway serves https (server.tls; port 443 first)
  --insecure-tls   accept any server certificate (test rigs only)
`;

interface Options {
  host: string;
  ports: number[];
  secure: boolean;
  insecureTls: boolean;
}

interface Answer {
  status: number;
  body: unknown;
}

const TIMEOUT_MS = 3000;

function send(options: Options, port: number, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const request = options.secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request({
      host: options.host, port, method, path, timeout: TIMEOUT_MS,
      ...(options.secure ? { rejectUnauthorized: !options.insecureTls } : {}),
      headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try { parsed = JSON.parse(text); } catch { /* not JSON: another server on that port */ }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

function isListing(body: unknown): body is SimControlListing {
  return typeof body === 'object' && body !== null && Array.isArray((body as SimControlListing).services);
}

function errorOf(body: unknown): SimControlErrorBody['error'] | undefined {
  const error = typeof body === 'object' && body !== null ? (body as Partial<SimControlErrorBody>).error : undefined;
  return typeof error === 'object' && error !== null && typeof error.message === 'string' ? error : undefined;
}

interface Found {
  port: number;
  listing: SimControlListing;
}

/** The gateways on the simulator among the ports; the ports where something else answered. */
async function discover(options: Options): Promise<{ found: Found[]; others: number[] }> {
  const answers = await Promise.all(options.ports.map((port) => send(options, port, 'GET', SIM_CONTROL_PREFIX).then((answer) => ({ port, answer }), () => undefined)));
  const found: Found[] = [];
  const others: number[] = [];
  for (const entry of answers) {
    if (!entry) continue;
    if (entry.answer.status === 200 && isListing(entry.answer.body)) found.push({ port: entry.port, listing: entry.answer.body });
    else others.push(entry.port);
  }
  return { found, others };
}

function notFound(options: Options, others: number[]): string {
  const where = `${options.host} port${options.ports.length > 1 ? 's' : ''} ${options.ports.join(', ')}`;
  if (others.length > 0) {
    return `the server on port ${others.join(', ')} offers no simulator control: a gateway there does not run on the simulator ` +
      '(it runs on the simulator without a configuration file, or with xfsManager.simulator true and no xfsManager.library)';
  }
  return `no gateway answers on ${where}: start one on the simulator (npm start), or give its port with --port`;
}

function parseOptions(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      secure: { type: 'boolean', default: false },
      'insecure-tls': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
}

function fail(message: string, code: number): number {
  process.stderr.write(`sim: ${message}\n`);
  return code;
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseOptions(args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [verbName, logicalName, ...words] = positionals;
  if (values.help || verbName === undefined || verbName === 'help') {
    (values.help || verbName === 'help' ? process.stdout : process.stderr).write(usage);
    return values.help || verbName === 'help' ? 0 : 2;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535)) return fail(`--port takes a port number, not '${values.port}'`, 2);
  if (!isLoopbackHostName(values.host)) return fail(`--host ${values.host}: the simulator control answers only on this machine (127.0.0.1, ::1 or localhost)`, 2);
  const options: Options = {
    host: values.host, secure: values.secure, insecureTls: values['insecure-tls'],
    ports: port !== undefined ? [port] : [values.secure ? 443 : 80, ...Array.from({ length: 11 }, (_, i) => 5846 + i)],
  };

  const verb = SIM_VERBS.get(verbName);
  if (!verb && verbName !== 'list') return fail(`unknown verb '${verbName}': known verbs are list, ${[...SIM_VERBS.keys()].join(', ')} (sim help)`, 2);
  if (verb && !logicalName) return fail(`${verbName}: the logical service name is missing; usage: ${verb.usage.split('  ')[0]}`, 2);
  let params = {};
  try {
    if (verb) params = parseWords(verb, words);
  } catch (error) {
    if (error instanceof SimVerbError) return fail(error.message, 2);
    throw error;
  }

  const { found, others } = await discover(options);
  if (found.length === 0) return fail(notFound(options, others), 1);
  if (!verb) {
    for (const { port: at, listing } of found) {
      for (const s of listing.services) process.stdout.write(`${s.logicalName}\t${s.class}\t${s.xfs4iotName}\tport ${at}\n`);
    }
    return 0;
  }
  // Several gateways on the simulator: the one that knows the name.
  const target = found.find(({ listing }) => listing.services.some((s) => s.logicalName === logicalName)) ?? found[0];
  let answer: Answer;
  try {
    answer = await send(options, target.port, 'POST', `${SIM_CONTROL_PREFIX}/${encodeURIComponent(logicalName)}/${encodeURIComponent(verb.name)}`, params);
  } catch (error) {
    return fail(`the gateway on port ${target.port} did not answer (${(error as Error).message})`, 1);
  }
  if (answer.status === 200) {
    const result = (answer.body as SimControlResult).result;
    process.stdout.write(result.endsWith('\n') || result === '' ? result : `${result}\n`);
    return 0;
  }
  const error = errorOf(answer.body);
  if (!error) return fail(`the gateway on port ${target.port} answered HTTP ${answer.status}`, 1);
  return fail(`${error.message} [${error.code}]${error.next ? `\n  next: ${error.next}` : ''}`, 1);
}
