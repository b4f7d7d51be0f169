// The shapes of the mapping files under mappings/ (validated against their JSON schemas before use).

export type CompletionCode =
  | 'canceled' | 'timeOut' | 'deviceNotReady' | 'hardwareError' | 'internalError' | 'invalidCommand'
  | 'invalidRequestID' | 'unsupportedCommand' | 'invalidData' | 'userError' | 'unsupportedData'
  | 'fraudAttempt' | 'sequenceError' | 'authorizationRequired' | 'noCommandNonce' | 'invalidToken'
  | 'invalidTokenNonce' | 'invalidTokenHMAC' | 'invalidTokenFormat' | 'invalidTokenKeyNoValue' | 'notEnoughSpace';

export interface EnumTable {
  description: string;
  values?: Record<string, unknown>;
  flags?: Record<string, number>;
}

export interface GenericError {
  code: number;
  completionCode: CompletionCode;
  offline?: boolean;
  /** Completion code when the device layer itself (not the service provider) reports this error. */
  fromGateway?: CompletionCode;
  description?: string;
}

export interface SystemEventEntry {
  code: number;
  action?: 'log';
  xfs4iot?: 'Common.ErrorEvent' | 'Common.StatusChangedEvent';
  eventId?: 'hardware' | 'software' | 'user' | 'fraudAttempt';
  statusField?: string;
}

export interface GenericMapping {
  kind: 'generic';
  errors: Record<string, GenericError>;
  unknownError: { completionCode: CompletionCode; description: string };
  systemEvents: Record<string, SystemEventEntry>;
  enums: Record<string, EnumTable>;
}

export interface CommandEntry {
  kind: 'execute' | 'info' | 'gateway';
  xfs3?: string[];
  translator: string;
  resources?: string[];
  errorCodes?: string[];
  errorOverrides?: Record<string, string>;
  events?: string[];
  requires?: string;
  runToCompletion?: boolean;
  reason?: string;
}

export interface EventEntry {
  code: number;
  type: 'execute' | 'service' | 'user' | 'system';
  xfs4iot?: string;
  translator?: string;
  solicitedBy?: string[];
  action?: 'drop';
  reason?: string;
}

export interface ClassError {
  code: number;
  errorCode?: string;
  otherwise: CompletionCode;
  description?: string;
}

export interface ClassMapping {
  kind: 'class';
  class: string;
  classId: number;
  interfaces: string[];
  storageUnits?: Record<string, { type: 'retain' | 'dispense' | 'park'; from?: string }>;
  xfs3Commands: Record<string, number>;
  xfs3Info: Record<string, number>;
  commands: Record<string, CommandEntry>;
  notMapped?: Record<string, string>;
  events: Record<string, EventEntry>;
  errors: Record<string, ClassError>;
  enums: Record<string, EnumTable>;
}

export type RecyclerSide = 'cdm' | 'cim';
export type RecyclerRoute = 'both' | 'presenter' | 'mergeTellers' | 'mergeStorage' | 'splitStorage' | 'exchange';

/** mappings/recycler.json: how a recycler routes the commands its CDM and CIM both map. */
export interface RecyclerMapping {
  commands: Record<string, {
    route: RecyclerRoute; order?: [RecyclerSide, RecyclerSide]; tolerate?: string[];
    /** Payload properties (dotted paths) a side does not take: left out of what it is sent. */
    omit?: Partial<Record<RecyclerSide, string[]>>;
    why: string;
  }>;
  presenters: Record<string, RecyclerSide>;
}

export interface MappingSet {
  generic: GenericMapping;
  classes: Map<string, ClassMapping>;
  /** Absent when the mapping directory has no recycler.json (then no recycler can be configured). */
  recycler?: RecyclerMapping;
}
