// `xfs4iot-gateway call`: discovers XFS4IoT services over the port sequence, sends one command and
// prints the acknowledge, every event and the completion (plus unsolicited messages that arrive
// meanwhile). Works against any XFS4IoT service publisher, not only this gateway.
import { parseArgs } from 'node:util';
import { Xfs4IotClient, AcknowledgeError, type Message } from '../xfs4iot/client.ts';
import type { JsonObject } from '../xfs4iot/backend.ts';

const usage = `usage: xfs4iot-gateway call [options] <service> <command> [payload-json]
       xfs4iot-gateway call [options] --list

  <service>        service name as published (e.g. cardreader1) or a full ws(s):// service URI
  <command>        e.g. Common.Status, CardReader.ReadRawData
  [payload-json]   e.g. '{"track2":true}'

options:
  --host <name>    machine to discover on (default 127.0.0.1)
  --port <n>       discovery port (default: the XFS4IoT port sequence 80/443, 5846..5856)
  --secure         use wss (port 443 first)
  --version <v>    command message version (default 2.0)
  --timeout <ms>   header timeout of the command (default 0 = none)
  --wait <ms>      keep printing unsolicited messages this long after the completion (default 0)
  --insecure-tls   accept any server certificate (test rigs only)
  --list           only list the services found
`;

interface Options {
  host: string;
  port?: number;
  secure: boolean;
  insecureTls: boolean;
}

function out(label: string, message: Message | JsonObject): void {
  process.stdout.write(`${label} ${JSON.stringify(message)}\n`);
}

function discoveryPorts(options: Options): number[] {
  if (options.port !== undefined) return [options.port];
  return [options.secure ? 443 : 80, ...Array.from({ length: 11 }, (_, i) => 5846 + i)];
}

async function getServices(url: string, options: Options): Promise<string[]> {
  const client = await Xfs4IotClient.connect(url, { handshakeTimeout: 2000, rejectUnauthorized: !options.insecureTls });
  try {
    const completion = await client.command('ServicePublisher.GetServices', undefined, { version: '2.0' });
    const services = (completion.payload?.services ?? []) as Array<{ serviceURI?: string }>;
    return services.map((service) => service.serviceURI).filter((uri): uri is string => typeof uri === 'string');
  } finally {
    await client.close();
  }
}

/** Every service URI published on the machine (ports without a publisher are skipped). */
export async function discover(options: Options): Promise<string[]> {
  const scheme = options.secure ? 'wss' : 'ws';
  const authority = options.host.includes(':') ? `[${options.host}]` : options.host;
  const found = await Promise.all(discoveryPorts(options).map((port) =>
    getServices(`${scheme}://${authority}:${port}/xfs4iot/v1.0`, options).catch(() => [] as string[])));
  return found.flat();
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string' },
        secure: { type: 'boolean', default: false },
        version: { type: 'string', default: '2.0' },
        timeout: { type: 'string', default: '0' },
        wait: { type: 'string', default: '0' },
        'insecure-tls': { type: 'boolean', default: false },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  const timeout = Number(values.timeout);
  const wait = Number(values.wait);
  if ((port !== undefined && !Number.isInteger(port)) || !Number.isInteger(timeout) || !Number.isInteger(wait)) {
    process.stderr.write(`--port, --timeout and --wait take integers\n${usage}`);
    return 2;
  }
  const options: Options = { host: values.host, port, secure: values.secure, insecureTls: values['insecure-tls'] };

  if (values.list) {
    const uris = await discover(options);
    for (const uri of uris) process.stdout.write(`${uri}\n`);
    if (uris.length === 0) process.stderr.write(`no XFS4IoT service publisher found on ${options.host}\n`);
    return uris.length > 0 ? 0 : 1;
  }

  const [service, command, payloadText] = positionals;
  if (!service || !command) {
    process.stderr.write(usage);
    return 2;
  }
  let payload: JsonObject | undefined;
  if (payloadText !== undefined) {
    try {
      payload = JSON.parse(payloadText) as JsonObject;
    } catch (error) {
      process.stderr.write(`payload is not JSON: ${(error as Error).message}\n`);
      return 2;
    }
  }

  let uri = service;
  if (!/^wss?:\/\//.test(service)) {
    const uris = await discover(options);
    const match = uris.find((candidate) => candidate.split('/').pop()?.toLowerCase() === service.toLowerCase());
    if (!match) {
      process.stderr.write(`service '${service}' not found; published: ${uris.length > 0 ? uris.join(', ') : 'none'}\n`);
      return 1;
    }
    uri = match;
  }
  process.stderr.write(`connecting to ${uri}\n`);

  const client = await Xfs4IotClient.connect(uri, { rejectUnauthorized: !options.insecureTls });
  // Printed from the socket itself, so the output keeps the order of the wire.
  let requestId = -1;
  const print = (data: unknown, isBinary: boolean) => {
    if (isBinary) return;
    let message: Message;
    try {
      message = JSON.parse(String(data)) as Message;
    } catch {
      return;
    }
    const type = message.header?.type;
    if (type === 'unsolicited' || message.header?.requestId === requestId) out(type, message);
  };
  client.socket.on('message', print);
  try {
    const pending = client.send(command, payload, { version: values.version, ...(timeout > 0 ? { timeout } : {}) });
    requestId = pending.requestId;
    try {
      await pending.acknowledged;
    } catch (error) {
      if (error instanceof AcknowledgeError) return 1;
      throw error;
    }
    const completion = await pending.completion;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    return completion.header.completionCode ? 1 : 0;
  } finally {
    client.socket.off('message', print);
    await client.close();
  }
}
