/**
 * Message registry: the 24 request elements of RFC 3867 with their attribute lists and content
 * models, transcribed from the XML definitions of section 4, keyed by call name.
 * Content models are checked for allowed children and their cardinality; the RFC's sequences are
 * not checked for order because several of its definitions lack the separators that would fix one.
 */
export const API_NAMESPACE = 'http://www.iotp.org/2000/08/PaymentAPI';

export const PROCESS_STATES = ['NotYetStarted', 'InProgress', 'Suspended', 'CompletedOk', 'Failed', 'ProcessError'] as const;
export type ProcessState = (typeof PROCESS_STATES)[number];

export type AttrKind = 'CDATA' | 'NMTOKEN' | 'NMTOKENS';

export interface AttrDef {
  kind?: AttrKind;
  required?: boolean;
  values?: readonly string[];
  default?: string;
}

export interface ChildDef {
  min: number;
  max: number;
}

export interface ElementDef {
  attrs: Record<string, AttrDef>;
  children: Record<string, ChildDef>;
}

const R: AttrDef = { required: true };
const I: AttrDef = {};
const NMTOKEN_I: AttrDef = { kind: 'NMTOKEN' };
const NMTOKENS_I: AttrDef = { kind: 'NMTOKENS' };
const DIRECTION: AttrDef = { required: true, values: ['Debit', 'Credit'] };
const CURR_TYPE: AttrDef = { kind: 'NMTOKEN', default: 'ISO4217-A' };
const STATE_REQ: AttrDef = { required: true, values: PROCESS_STATES };
const STATE_OPT: AttrDef = { values: PROCESS_STATES };
const PROCESS_TYPE: AttrDef = { values: ['Payment', 'Inquiry'], default: 'Payment' };
const ACTION: AttrDef = { values: ['New', 'Update', 'Delete'] };

const any = (n = Infinity): ChildDef => ({ min: 0, max: n });
const one: ChildDef = { min: 1, max: 1 };
const opt: ChildDef = { min: 0, max: 1 };
const some: ChildDef = { min: 1, max: Infinity };

const WALLET = { WalletID: I, Passphrase: I };
const CALLBACK = { CallBackFunction: I, CallBackLanguageList: NMTOKENS_I };

export const CALLS = {
  FindAcceptedPaymentBrand: {
    attrs: { PayDirection: DIRECTION, CurrCodeType: CURR_TYPE, CurrCode: R, Amount: R, MerchantPayId: R, MerchantOrgId: I, WalletID: I },
    children: { MerchantData: any() },
  },
  FindAcceptedPaymentProtocol: {
    attrs: { BrandId: I, PayDirection: DIRECTION, CurrCodeType: CURR_TYPE, CurrCode: R, Amount: R, MerchantPayId: R, MerchantOrgId: I, WalletID: I },
    children: { BrandPackagedContent: any(), MerchantData: opt },
  },
  GetPaymentInitializationData: {
    attrs: {
      BrandId: R, MerchantPayId: R, PayDirection: DIRECTION, CurrCodeType: CURR_TYPE, CurrCode: R, Amount: R, ProtocolId: R,
      OkFrom: R, OkTo: R, ReceiverOrgId: I, MerchantOrgId: I, ...WALLET,
    },
    children: {
      ProtocolBrand: opt, BrandPackagedContent: any(), ProtocolAmountPackagedContent: any(), PayProtocolPackagedContent: any(),
      OrderPackagedContent: any(), BrandSelBrandInfoPackagedContent: any(), BrandSelProtocolAmountInfoPackagedContent: any(),
      BrandSelCurrencyAmountInfoPackagedContent: any(), MerchantData: any(),
    },
  },
  FindPaymentInstrument: {
    attrs: { BrandId: R, ProtocolId: R, PayDirection: DIRECTION, CurrCodeType: CURR_TYPE, CurrCode: R, Amount: R, ConsumerPayId: R, WalletID: I },
    children: { BrandPackagedContent: any(), ProtocolBrand: opt, PayProtocolPackagedContent: any(), ProtocolAmountPackagedContent: any() },
  },
  CheckPaymentPossibility: {
    attrs: {
      BrandId: R, PaymentInstrumentId: I, PayDirection: DIRECTION, CurrCodeType: CURR_TYPE, CurrCode: R, Amount: R, ProtocolId: R,
      ConsumerPayId: R, ...WALLET,
    },
    children: { BrandPackagedContent: any(), ProtocolBrand: opt, ProtocolAmountPackagedContent: any(), PayProtocolPackagedContent: any() },
  },
  StartPaymentConsumer: {
    attrs: {
      BrandId: R, PaymentInstrumentId: I, CurrCodeType: CURR_TYPE, CurrCode: R, Amount: R, PayDirection: DIRECTION, ProtocolId: R,
      ProtocolBrandId: I, OkFrom: R, OkTo: R, ConsumerPayId: R, ...WALLET, ...CALLBACK,
    },
    children: {
      BrandPackagedContent: any(), ProtocolBrand: opt, ProtocolAmountPackagedContent: any(), PayProtocolPackagedContent: any(),
      OrderPackagedContent: any(),
    },
  },
  StartPaymentPaymentHandler: {
    attrs: {
      BrandId: R, ConsumerPayId: I, CurrCodeType: CURR_TYPE, CurrCode: R, Amount: R, PayDirection: DIRECTION, ProtocolId: R,
      OkFrom: R, OkTo: R, PaymentHandlerPayId: R, MerchantOrgId: R, ...WALLET, ...CALLBACK,
    },
    children: {
      BrandPackagedContent: any(), ProtocolBrand: opt, ProtocolAmountPackagedContent: any(), PayProtocolPackagedContent: any(),
      BrandSelBrandInfoPackagedContent: any(), BrandSelProtocolAmountInfoPackagedContent: any(),
      BrandSelCurrencyAmountInfoPackagedContent: any(), TradingRoleDataPackagedContent: any(), PaySchemePackagedContent: any(),
    },
  },
  ResumePaymentConsumer: {
    attrs: { ConsumerPayId: R, ...WALLET, ...CALLBACK },
    children: {},
  },
  ResumePaymentPaymentHandler: {
    attrs: { PaymentHandlerPayId: R, ...WALLET, ...CALLBACK },
    children: { PaySchemePackagedContent: any() },
  },
  ContinueProcess: {
    attrs: { PayId: R, ProcessType: PROCESS_TYPE, ...WALLET },
    children: { PaySchemePackagedContent: some },
  },
  InquireProcessState: {
    attrs: { PayId: R, ...WALLET },
    children: {},
  },
  ChangeProcessState: {
    attrs: { PayId: R, ProcessState: STATE_REQ, CompletionCode: NMTOKEN_I, ProcessType: PROCESS_TYPE, ...WALLET },
    children: {},
  },
  InquireAuthChallenge: {
    attrs: { AuthenticationId: R, ...WALLET },
    children: { Algorithm: any() },
  },
  Authenticate: {
    attrs: { AuthenticationId: R, ...WALLET },
    children: { Algorithm: one, AuthReqPackagedContent: any() },
  },
  CheckAuthResponse: {
    attrs: { AuthenticationId: R, ...WALLET },
    children: { Algorithm: one, AuthReqPackagedContent: any(), AuthResPackagedContent: any() },
  },
  CheckPaymentReceipt: {
    attrs: { PayId: R, ...WALLET },
    children: { PackagedContent: any() },
  },
  ExpandPaymentReceipt: {
    attrs: { PayId: R, ...WALLET },
    children: { PackagedContent: any() },
  },
  RemovePaymentLog: {
    attrs: { PayId: R, ...WALLET },
    children: {},
  },
  PaymentInstrumentInquiry: {
    attrs: {
      BrandId: R, PaymentInstrumentId: I, ProtocolId: R, PropertyTypeList: { kind: 'NMTOKENS', required: true }, 'xml:lang': NMTOKEN_I, ...WALLET,
    },
    children: { BrandPackagedContent: any(), ProtocolBrand: opt, ProtocolAmountPackagedContent: any(), PayProtocolPackagedContent: any() },
  },
  InquirePendingPayment: {
    // The RFC spells this one WalletId; the other calls spell it WalletID. Both are accepted.
    attrs: { WalletId: I, WalletID: I, Passphrase: I },
    children: {},
  },
  ManagePaymentSoftware: {
    attrs: { BrandId: I, ProtocolId: I, Action: ACTION, ...WALLET },
    children: { BrandPackagedContent: any(), ProtocolAmountPackagedContent: any(), PayProtocolPackagedContent: any() },
  },
  StartPaymentInquiry: {
    attrs: { ConsumerPayId: R, ...WALLET },
    children: {},
  },
  InquirePaymentStatus: {
    attrs: { PaymentHandlerPayId: R, ...WALLET },
    children: { PaySchemePackagedContent: any() },
  },
  CallBack: {
    attrs: {
      ContentSoftwareID: I, PayId: R, ProcessState: STATE_OPT, PercentComplete: I, CompletionCode: NMTOKEN_I, 'xml:lang': NMTOKEN_I,
      StatusDesc: I,
    },
    children: {},
  },
} as const satisfies Record<string, ElementDef>;

export type CallName = keyof typeof CALLS;
export const CALL_NAMES = Object.keys(CALLS) as CallName[];

/**
 * The request choice list of section 3 spells this call "CheckPaymentPossiblity" while its own
 * definition (4.2.2) spells it "CheckPaymentPossibility"; both spellings are accepted and the response
 * uses the spelling of the request.
 */
export const CALL_ALIASES: Record<string, CallName> = { CheckPaymentPossiblity: 'CheckPaymentPossibility' };

export function responseName(requestElementName: string): string {
  return `${requestElementName}Response`;
}

/** Child elements that are not Packaged Content; every *PackagedContent element and MerchantData is. */
export const NESTED_ELEMENTS: Record<string, ElementDef> = {
  ProtocolBrand: {
    attrs: { ProtocolId: R, ProtocolBrandId: R },
    children: { PackagedContent: any() },
  },
  Algorithm: {
    attrs: { ID: I, type: { values: ['digest', 'signature'] }, name: { kind: 'NMTOKEN' }, Name: { kind: 'NMTOKEN' } },
    children: { PackagedContent: any(), Parameter: any() },
  },
};

export const PACKAGED_CONTENT_DEF: ElementDef = {
  attrs: { Name: I, Content: { kind: 'NMTOKEN', default: 'PCDATA' }, Transform: { values: ['NONE', 'BASE64'], default: 'NONE' } },
  children: {},
};

export function isPackagedContentElement(name: string): boolean {
  return name.endsWith('PackagedContent') || name === 'MerchantData';
}

export const ROOT_ATTRS: Record<string, AttrDef> = { 'xml:lang': NMTOKEN_I, ContentSoftwareID: I, xmlns: I };
