// Commands that move cash, or change what the device believes it holds. From a connection that is not
// authenticated (a remote client without a verified certificate) they are refused with
// authorizationRequired: whoever merely reaches the port must not be able to dispense and present.
// Reading (Get*, Common.*) stays open, so monitoring works from anywhere the operator lets it.
const CASH_INTERFACES = new Set(['CashDispenser', 'CashManagement', 'CashAcceptor', 'Storage']);

export function movesCash(commandName: string): boolean {
  const dot = commandName.indexOf('.');
  if (dot < 0) return false;
  return CASH_INTERFACES.has(commandName.slice(0, dot)) && !commandName.slice(dot + 1).startsWith('Get');
}
