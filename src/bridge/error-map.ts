// Turns a failed XFS 3.x completion into an XFS4IoT completion: class errors first (a command-specific
// errorCode when the command defines it, otherwise the class table's completion code), then the
// generic table shared by every class, then the "unknown error" entry. Never throws.
import type { CommandResult } from '../xfs4iot/backend.ts';
import { releaseHasErrorCode } from '../xfs4iot/release-definitions.ts';
import type { XfsCompletion } from '../legacy-xfs3/types.ts';
import type { ClassMapping, CommandEntry, GenericMapping } from './mapping-types.ts';
import type { MappingUsage } from './usage.ts';

export interface FailureOutcome {
  result: CommandResult;
  /** The 3.x session is lost: the bridge reports the device offline. */
  offline: boolean;
}

export class ErrorMap {
  private readonly classByCode = new Map<number, string>();
  private readonly genericByCode = new Map<number, string>();

  constructor(
    private readonly classFile: string,
    private readonly mapping: ClassMapping,
    private readonly generic: GenericMapping,
    private readonly usage: MappingUsage,
  ) {
    for (const [name, entry] of Object.entries(mapping.errors)) this.classByCode.set(entry.code, name);
    for (const [name, entry] of Object.entries(generic.errors)) this.genericByCode.set(entry.code, name);
  }

  /**
   * `defined(errorCode)` says whether the release the command runs in has that errorCode (2024-03
   * dropped formInvalid and mediaInvalid from PrintForm): one it lacks becomes the class table's
   * completion code instead, which a client of that release can decode.
   */
  resolve(completion: Pick<XfsCompletion<unknown>, 'code' | 'name' | 'origin' | 'detail' | 'inputRejected'>, command: CommandEntry | undefined, defined: (errorCode: string) => boolean = () => true): FailureOutcome {
    const source = `XFS 3.x ${completion.name} (${completion.code})`;
    // Input the schema let through but the 3.x layout cannot hold (e.g. more than 65535 bytes): the
    // client's fault, answered as such, not as the gateway's (internalError).
    if (completion.inputRejected) {
      return { offline: false, result: { completionCode: 'invalidData', errorDescription: `the input does not fit the XFS 3.x command: ${completion.detail ?? completion.name}` } };
    }
    const className = this.classByCode.get(completion.code);
    if (className) {
      this.usage.mark(`${this.classFile}:errors/${className}`);
      const entry = this.mapping.errors[className];
      const errorCode = command?.errorOverrides?.[className] ?? entry.errorCode;
      if (errorCode && command?.errorCodes?.includes(errorCode) && defined(errorCode)) {
        return { offline: false, result: { completionCode: 'commandErrorCode', errorCode, errorDescription: source } };
      }
      const why = entry.description ? `: ${entry.description}` : '';
      return { offline: false, result: { completionCode: entry.otherwise, errorDescription: `${source}${why}` } };
    }
    const genericName = this.genericByCode.get(completion.code);
    if (genericName) {
      this.usage.mark(`generic.json:errors/${genericName}`);
      const entry = this.generic.errors[genericName];
      const fromGateway = completion.origin === 'gateway';
      const detail = fromGateway && completion.detail ? `: ${completion.detail}` : '';
      const completionCode = (fromGateway && entry.fromGateway) || entry.completionCode;
      const why = entry.description && (!entry.fromGateway || fromGateway) ? `: ${entry.description}` : '';
      const result: CommandResult = { completionCode };
      // The seed: errorDescription is not used with canceled and timeOut.
      if (completionCode !== 'canceled' && completionCode !== 'timeOut') result.errorDescription = `${source}${detail}${why}`;
      return { offline: entry.offline === true, result };
    }
    this.usage.mark('generic.json:unknownError');
    return {
      offline: false,
      result: { completionCode: this.generic.unknownError.completionCode, errorDescription: `${source}: ${this.generic.unknownError.description}` },
    };
  }
}

/**
 * A translator's errorCode that the command's release does not define (CashManagement.Retract has no
 * unsupportedPosition in either release) would not decode at the client: it goes out as unsupportedData
 * with the same description. The 3.x error path applies the same rule in ErrorMap.resolve.
 */
export function undecodableErrorCodeAsData(name: string, major: number, result: CommandResult): CommandResult {
  if (result.completionCode !== 'commandErrorCode' || result.errorCode === undefined || releaseHasErrorCode(name, major, result.errorCode)) return result;
  return { completionCode: 'unsupportedData', ...(result.errorDescription !== undefined ? { errorDescription: result.errorDescription } : {}) };
}
