import t from 'tap';
import { parseXmlx, parseFragment } from '../../src/xmlx/codec.ts';
import { Errno } from '../../src/xmlx/errors.ts';

const T = (inner: string, attrs = ''): string =>
  `<TransferRequest${attrs}><Auth><UserId>u</UserId><Password>p</Password></Auth>${inner}</TransferRequest>`;
const transfer = (fields: string): string => T(`<Transfer>${fields}</Transfer>`);
const base = '<Payee>a</Payee><Payer>b</Payer><CurrencyId>USD</CurrencyId>';

/** Every malformed input and the errno it must get. */
const cases: Array<[string, string | Uint8Array, number]> = [
  ['empty document', '', Errno.EMPTY_XML],
  ['whitespace only', ' \n\t ', Errno.EMPTY_XML],
  ['not XML', 'hello', Errno.BAD_XML],
  ['unclosed tag', '<TransferRequest>', Errno.BAD_XML],
  ['mismatched tags', '<TransferRequest><Auth></TransferRequest>', Errno.BAD_XML],
  ['bad tag name', '<1Transfer/>', Errno.BAD_XML],
  ['attribute without value', '<TransferRequest rid/>', Errno.BAD_XML],
  ['DOCTYPE', '<!DOCTYPE x [<!ENTITY a "b">]><TransferRequest>&a;</TransferRequest>', Errno.BAD_XML],
  ['billion laughs', '<!DOCTYPE l [<!ENTITY l0 "ha"><!ENTITY l1 "&l0;&l0;">]><BalanceRequest>&l1;</BalanceRequest>', Errno.BAD_XML],
  ['external entity', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', Errno.BAD_XML],
  ['unknown entity', transfer(`${base}<Amount>1</Amount><FeeHint>&nbsp;</FeeHint>`), Errno.BAD_XML],
  ['bare ampersand', transfer(`${base}<Amount>1 & 2</Amount>`), Errno.BAD_XML],
  ['invalid character reference', transfer(`${base}<Amount>1</Amount><FeeHint>&#0;</FeeHint>`), Errno.BAD_XML],
  ['invalid UTF-8', new Uint8Array([0x3c, 0x41, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x41, 0x3e]), Errno.BAD_XML],
  ['too deep', '<a>'.repeat(40) + '</a>'.repeat(40), Errno.BAD_XML],
  ['too large', `<BalanceRequest>${' '.repeat(1024 * 1024 + 1)}</BalanceRequest>`, Errno.BAD_XML],
  ['two roots', '<BalanceRequest/><BalanceRequest/>', Errno.ROOT],
  ['text after root', '<BalanceRequest/>junk', Errno.ROOT],
  ['XML version 2.0', '<?xml version="2.0"?><BalanceRequest/>', Errno.VERSION],
  ['unknown root', '<PayMe/>', Errno.UNKNOWN_XMLX],
  ['prototype name as root', '<constructor/>', Errno.UNKNOWN_TAG],
  ['prototype name as child', transfer(`${base}<Amount>1</Amount><__proto__>x</__proto__>`), Errno.UNKNOWN_TAG],
  ['missing Auth', '<TransferRequest><Transfer/></TransferRequest>', Errno.MISSING],
  ['Auth not first', `<TransferRequest><Transfer>${base}<Amount>1</Amount></Transfer><Auth><UserId>u</UserId></Auth></TransferRequest>`, Errno.CONTENT],
  ['Auth without UserId', '<BalanceRequest><Auth><Password>p</Password></Auth><AccountId>a</AccountId></BalanceRequest>', Errno.MISSING],
  ['two auth methods', '<BalanceRequest><Auth><UserId>u</UserId><Password>p</Password><Token>t</Token></Auth><AccountId>a</AccountId></BalanceRequest>', Errno.TOO_MANY],
  ['missing Transfer', T(''), Errno.MISSING],
  ['Transfer and Withdraw', T(`<Transfer>${base}<Amount>1</Amount></Transfer><Withdraw/>`), Errno.TOO_MANY],
  ['missing Payee', transfer('<Payer>b</Payer><CurrencyId>USD</CurrencyId><Amount>1</Amount>'), Errno.MISSING],
  ['missing Amount', transfer(base), Errno.MISSING],
  ['empty Payer', transfer('<Payee>a</Payee><Payer>  </Payer><CurrencyId>USD</CurrencyId><Amount>1</Amount>'), Errno.CONTENT],
  ['two Amounts', transfer(`${base}<Amount>1</Amount><Amount>2</Amount>`), Errno.TOO_MANY],
  ['unknown tag in Transfer', transfer(`${base}<Amount>1</Amount><Colour>red</Colour>`), Errno.UNKNOWN_TAG],
  ['text in element-only content', transfer(`stray ${base}<Amount>1</Amount>`), Errno.CONTENT],
  ['element inside Amount', transfer(`${base}<Amount><x/></Amount>`), Errno.CONTENT],
  ['negative Amount', transfer(`${base}<Amount>-5</Amount>`), Errno.NAN],
  ['decimal Amount', transfer(`${base}<Amount>15.94</Amount>`), Errno.NAN],
  ['exponent Amount', transfer(`${base}<Amount>1e3</Amount>`), Errno.NAN],
  ['hex Amount', transfer(`${base}<Amount>0x10</Amount>`), Errno.NAN],
  ['empty Amount', transfer(`${base}<Amount> </Amount>`), Errno.NAN],
  ['huge Amount', transfer(`${base}<Amount>${'9'.repeat(39)}</Amount>`), Errno.NAN],
  ['unknown attribute', transfer(`${base}<Amount unit="cents">1</Amount>`), Errno.UNKNOWN_ATTRIBUTE],
  ['unknown root attribute', T(`<Transfer>${base}<Amount>1</Amount></Transfer>`, ' priority="high"'), Errno.UNKNOWN_ATTRIBUTE],
  ['duplicate attribute', T(`<Transfer>${base}<Amount>1</Amount></Transfer>`, ' rid="1" rid="2"'), Errno.DUPLICATE_ATTRIBUTE],
  ['bad boolean attribute', '<BalanceResponse><Balance><AccountId>a</AccountId><CurrencyId>c</CurrencyId><Total negative="maybe">1</Total></Balance></BalanceResponse>', Errno.BAD_ATTRIBUTE],
  ['bad logic attribute', '<HistoryRequest><Auth><UserId>u</UserId></Auth><AccountId>a</AccountId><CompositeSearch logic="xor"><Search><Tag>Time</Tag><From>1</From></Search></CompositeSearch></HistoryRequest>', Errno.BAD_ATTRIBUTE],
  ['bad errno attribute', '<ErrorResponse errno="bad"/>', Errno.BAD_ATTRIBUTE],
  ['missing errno attribute', '<ErrorResponse/>', Errno.MISSING],
  ['Time with letters', '<TransferResponse><Receipt><ReceiptId>R</ReceiptId><Time>12345678901234567X</Time><Transfer><Payee>a</Payee><Payer>b</Payer><CurrencyId>c</CurrencyId><Amount>1</Amount></Transfer><UserId>u</UserId></Receipt></TransferResponse>', Errno.NAT],
  ['Time of 19 digits', '<BalanceResponse><Balance><AccountId>a</AccountId><CurrencyId>c</CurrencyId><Total>1</Total><Time>1234567890123456789</Time></Balance></BalanceResponse>', Errno.NAT],
  ['Time range bound not a time', '<HistoryRequest><Auth><UserId>u</UserId></Auth><AccountId>a</AccountId><Search><Tag>Time</Tag><From>yesterday</From></Search></HistoryRequest>', Errno.NAT],
  ['Search without criterion', '<HistoryRequest><Auth><UserId>u</UserId></Auth><AccountId>a</AccountId><Search><Tag>Time</Tag></Search></HistoryRequest>', Errno.MISSING],
  ['Search with Exact and From', '<HistoryRequest><Auth><UserId>u</UserId></Auth><AccountId>a</AccountId><Search><Tag>Time</Tag><Exact>1</Exact><From>1</From></Search></HistoryRequest>', Errno.TOO_MANY],
  ['Search and CompositeSearch', '<HistoryRequest><Auth><UserId>u</UserId></Auth><AccountId>a</AccountId><Search><Tag>T</Tag><Exact>1</Exact></Search><CompositeSearch><Search><Tag>T</Tag><Exact>1</Exact></Search></CompositeSearch></HistoryRequest>', Errno.TOO_MANY],
  ['empty Sort', '<HistoryRequest><Auth><UserId>u</UserId></Auth><AccountId>a</AccountId><Sort/></HistoryRequest>', Errno.MISSING],
  ['bad ascend', '<HistoryRequest><Auth><UserId>u</UserId></Auth><AccountId>a</AccountId><Sort><Tag ascend="up">Time</Tag></Sort></HistoryRequest>', Errno.BAD_ATTRIBUTE],
  ['empty batch', '<CompositeRequest/>', Errno.MISSING],
  ['batch too large', `<CompositeRequest>${'<BalanceRequest><Auth><UserId>u</UserId></Auth><AccountId>a</AccountId></BalanceRequest>'.repeat(101)}</CompositeRequest>`, Errno.TOO_MANY],
  ['response inside a batch of requests', '<CompositeRequest><ErrorResponse errno="1"/></CompositeRequest>', Errno.UNKNOWN_TAG],
  ['Settle with Payer', T('<Settle><Payee>a</Payee><Payer>b</Payer><ValueToken type="x">t</ValueToken></Settle>'), Errno.UNKNOWN_TAG],
  ['Withdraw without ValueToken', T('<Withdraw><Payer>b</Payer><CurrencyId>c</CurrencyId><Amount>1</Amount></Withdraw>'), Errno.MISSING],
];

t.test('every malformed input gets its errno, never a throw', async (t) => {
  for (const [name, input, errno] of cases) {
    const result = parseXmlx(input);
    t.notOk(result.ok, `${name}: refused`);
    if (!result.ok) {
      t.equal(result.error.errno, errno, `${name}: errno ${errno} (${result.error.text})`);
      t.ok(result.error.text && result.error.text.length > 0, `${name}: has a text`);
    }
  }
});

t.test('the rid of a refused request is echoed when readable', async (t) => {
  const result = parseXmlx(transfer(`${base}<Amount>1.5</Amount>`).replace('<TransferRequest>', '<TransferRequest rid="r-77">'));
  t.equal(result.ok, false);
  if (!result.ok) {
    t.equal(result.error.errno, Errno.NAN);
    t.equal(result.error.rid, 'r-77');
  }
});

t.test('a fragment parser refuses the wrong root', async (t) => {
  const result = parseFragment('Transfer', '<Receipt/>');
  t.ok(!result.ok && result.error.errno === Errno.ROOT);
});
