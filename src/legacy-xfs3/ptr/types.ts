// Payloads of the PTR (printer) class as plain JS values; same conventions as idc/types.ts.
import type { CommandSpec } from '../types.ts';
import type { Extra } from '../idc/types.ts';

export interface PtrRetractBin {
  /** WFS_PTR_RETRACTBIN*: 0 ok, 1 full, 3 unknown, 4 high, 5 missing. */
  state: number;
  count: number;
}

export interface PtrStatus {
  device: number;
  media: number;
  /** fwPaper[16], indexed by WFS_PTR_SUPPLY* (0 upper, 1 lower, 2 external, 3 aux, 4 aux2, 5 park). */
  paper: number[];
  toner: number;
  ink: number;
  lamp: number;
  retractBins: PtrRetractBin[];
  mediaOnStacker: number;
  extra: Extra;
  // 3.20+
  guidLights?: number[];
  devicePosition?: number;
  powerSaveRecoveryTime?: number;
  paperType?: number[];
  antiFraudModule?: number;
  // 3.30+
  blackMarkMode?: number;
}

export interface PtrCapabilities {
  class: number;
  type: number;
  compound: boolean;
  resolution: number;
  readForm: number;
  writeForm: number;
  extents: number;
  control: number;
  maxMediaOnStacker: number;
  acceptMedia: boolean;
  multiPage: boolean;
  paperSources: number;
  mediaTaken: boolean;
  /** Capacity of each retract bin (lpusMaxRetract, usRetractBins entries). */
  maxRetract: number[];
  imageType: number;
  frontImageColorFormat: number;
  backImageColorFormat: number;
  codelineFormat: number;
  imageSource: number;
  charSupport: number;
  dispensePaper: boolean;
  extra: Extra;
  // 3.20+
  guidLights?: number[];
  windowsPrinter?: string;
  mediaPresented?: boolean;
  autoRetractPeriod?: number;
  retractToTransport?: boolean;
  powerSaveControl?: boolean;
  coercivityType?: number;
  controlPassbook?: number;
  printSides?: number;
  antiFraudModule?: boolean;
  // 3.30+
  controlEx?: number;
  blackMarkModeSupported?: boolean;
  synchronizableCommands?: number[];
}

export interface PtrFormHeader {
  formName: string;
  base: number;
  unitX: number;
  unitY: number;
  width: number;
  height: number;
  alignment: number;
  orientation: number;
  offsetX: number;
  offsetY: number;
  versionMajor: number;
  versionMinor: number;
  userPrompt: string;
  charSupport: number;
  fields: string[];
  // 3.20+
  languageId?: number;
}

export interface PtrFormMedia {
  mediaType: number;
  base: number;
  unitX: number;
  unitY: number;
  sizeWidth: number;
  sizeHeight: number;
  pageCount: number;
  lineCount: number;
  printAreaX: number;
  printAreaY: number;
  printAreaWidth: number;
  printAreaHeight: number;
  restrictedAreaX: number;
  restrictedAreaY: number;
  restrictedAreaWidth: number;
  restrictedAreaHeight: number;
  stagger: number;
  foldType: number;
  paperSources: number;
}

export interface PtrFormField {
  fieldName: string;
  indexCount: number;
  type: number;
  class: number;
  access: number;
  overflow: number;
  initialValue: string;
  format: string;
  // 3.20+
  languageId?: number;
  coercivity?: number;
}

export interface PtrPrintForm {
  formName: string;
  mediaName?: string;
  alignment?: number;
  offsetX?: number;
  offsetY?: number;
  resolution?: number;
  mediaControl: number;
  /** "NAME=value" or "NAME[i]=value" entries. */
  fields: string[];
  paperSource?: number;
}

export interface PtrFieldFailure {
  formName: string;
  fieldName: string;
  failure: number;
}

export type PtrExecuteMap = {
  WFS_CMD_PTR_CONTROL_MEDIA: CommandSpec<{ mediaControl: number }, undefined>;
  WFS_CMD_PTR_PRINT_FORM: CommandSpec<PtrPrintForm, undefined>;
  WFS_CMD_PTR_RAW_DATA: CommandSpec<{ inputData: boolean; data: Buffer }, Buffer | undefined>;
  WFS_CMD_PTR_RESET_COUNT: CommandSpec<{ binNumber: number } | undefined, undefined>;
  WFS_CMD_PTR_RESET: CommandSpec<{ mediaControl: number; retractBinNumber: number } | undefined, undefined>;
  WFS_CMD_PTR_RETRACT_MEDIA: CommandSpec<{ binNumber: number }, number>;
  /** paperSource: WFS_PTR_PAPER* bit. */
  WFS_CMD_PTR_DISPENSE_PAPER: CommandSpec<{ paperSource: number }, undefined>;
  WFS_CMD_PTR_READ_FORM: CommandSpec<PtrReadForm, string[]>;
  WFS_CMD_PTR_MEDIA_EXTENTS: CommandSpec<PtrMediaUnit, PtrMediaExtents>;
  WFS_CMD_PTR_READ_IMAGE: CommandSpec<PtrImageRequest, PtrImage[]>;
  WFS_CMD_PTR_LOAD_DEFINITION: CommandSpec<{ fileName: string; overwrite: boolean }, undefined>;
  /** supplies: WFS_PTR_REPLEN_* bits. */
  WFS_CMD_PTR_SUPPLY_REPLENISH: CommandSpec<{ supplies: number }, undefined>;
  /** action: WFS_PTR_PBKCTRL* value. */
  WFS_CMD_PTR_CONTROL_PASSBOOK: CommandSpec<{ action: number; count: number }, undefined>;
  /** mode: WFS_PTR_BLACKMARKDETECTION* (1 on, 2 off). */
  WFS_CMD_PTR_SET_BLACK_MARK_MODE: CommandSpec<{ mode: number }, undefined>;
};

export interface PtrReadForm {
  formName: string;
  /** Fields to read; absent = every input field of the form. */
  fieldNames?: string[];
  mediaName?: string;
  mediaControl: number;
}

export interface PtrMediaUnit {
  /** WFS_FRM_INCH 0, WFS_FRM_MM 1, WFS_FRM_ROWCOLUMN 2. */
  base: number;
  unitX: number;
  unitY: number;
}

export interface PtrMediaExtents {
  sizeX: number;
  sizeY: number;
}

export interface PtrImageRequest {
  frontImageType: number;
  backImageType: number;
  frontImageColorFormat: number;
  backImageColorFormat: number;
  codelineFormat: number;
  /** WFS_PTR_IMAGEFRONT | IMAGEBACK | CODELINE bits. */
  imageSource: number;
}

export interface PtrImage {
  /** One WFS_PTR_IMAGEFRONT / IMAGEBACK / CODELINE bit. */
  source: number;
  /** WFS_PTR_DATAOK 0, DATASRCNOTSUPP 1, DATASRCMISSING 2. */
  status: number;
  data: Buffer;
}

export type PtrInfoMap = {
  WFS_INF_PTR_STATUS: CommandSpec<undefined, PtrStatus>;
  WFS_INF_PTR_CAPABILITIES: CommandSpec<undefined, PtrCapabilities>;
  WFS_INF_PTR_FORM_LIST: CommandSpec<undefined, string[]>;
  WFS_INF_PTR_MEDIA_LIST: CommandSpec<undefined, string[]>;
  WFS_INF_PTR_QUERY_FORM: CommandSpec<{ formName: string }, PtrFormHeader>;
  WFS_INF_PTR_QUERY_MEDIA: CommandSpec<{ mediaName: string }, PtrFormMedia>;
  WFS_INF_PTR_QUERY_FIELD: CommandSpec<{ formName: string; fieldName?: string }, PtrFormField[]>;
};

export interface PtrEventData {
  WFS_EXEE_PTR_FIELDERROR: PtrFieldFailure;
  WFS_EXEE_PTR_FIELDWARNING: PtrFieldFailure;
  WFS_EXEE_PTR_NOMEDIA: { userPrompt: string };
  WFS_EXEE_PTR_MEDIAPRESENTED: { wadIndex: number; totalWads: number };
  WFS_USRE_PTR_RETRACTBINTHRESHOLD: { binNumber: number; state: number };
  WFS_USRE_PTR_PAPERTHRESHOLD: { paperSource: number; threshold: number };
  WFS_USRE_PTR_TONERTHRESHOLD: { threshold: number };
  WFS_SRVE_PTR_MEDIADETECTED: { position: number; retractBinNumber: number };
  WFS_USRE_PTR_LAMPTHRESHOLD: { threshold: number };
  WFS_USRE_PTR_INKTHRESHOLD: { threshold: number };
  WFS_SRVE_PTR_RETRACTBINSTATUS: { binNumber: number; state: number };
  WFS_SRVE_PTR_DEFINITIONLOADED: { name: string; type: number };
  WFS_EXEE_PTR_MEDIAREJECTED: { reason: number };
  WFS_SRVE_PTR_MEDIAPRESENTED: { wadIndex: number; totalWads: number };
  WFS_SRVE_PTR_MEDIAAUTORETRACTED: { result: number; binNumber: number };
}
