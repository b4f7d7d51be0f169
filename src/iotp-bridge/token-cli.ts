// `xfs4iot-gateway iotp-token <clientId>`: makes a client token for the IOTP Payment API. The token is
// printed once, for the client; the configuration keeps only its SHA-256 (payments.iotp.clients).
// Rotation: make a new token, add the entry (two entries cannot share an id, so replace the old entry),
// restart the gateway, hand the token over; the old token stops working with the restart.
import { CLIENT_ID_PATTERN, newClientToken } from './clients.ts';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const stdio: CliIo = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

export async function run(args: string[], io: CliIo = stdio): Promise<number> {
  const [clientId, ...rest] = args;
  if (clientId === undefined || clientId === '--help' || rest.length > 0) {
    (clientId === '--help' ? io.out : io.err)('usage: xfs4iot-gateway iotp-token <clientId>   (clientId: 1-32 of A-Z a-z 0-9 _ -)\n');
    return clientId === '--help' ? 0 : 2;
  }
  if (!CLIENT_ID_PATTERN.test(clientId)) {
    io.err(`iotp-token: client id '${clientId}' must be 1-32 of A-Z a-z 0-9 _ -\n`);
    return 2;
  }
  const { token, entry } = newClientToken(clientId);
  io.out([
    `token (give it to the client; it is not stored anywhere): ${token}`,
    `the client sends: Authorization: Bearer ${token}`,
    'add to payments.iotp.clients in the gateway configuration:',
    `  ${JSON.stringify(entry)}`,
    '',
  ].join('\n'));
  return 0;
}
