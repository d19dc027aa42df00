import crypto from 'node:crypto';
import {
  ackBody,
  createPushVerifier,
  decodeEncodingAesKey,
  decryptMessage,
  jsonDepth,
  parsePushMessage,
  XPayPushConfigError,
  XPayPushRejected,
  type PushRejection,
} from '../../../../server/adapters/payment/xpay/xpay-push';

/**
 * Message-push verification for virtual-payment callbacks. Three sources of expected values:
 * the official worked examples in the mini program 消息推送 doc (plain and safe mode, request and
 * reply), pushes encrypted here with createCipheriv and the doc's FullStr layout, and SHA-1
 * signatures computed here with createHash.
 */

// --- the official example (message-push doc, "debug_demo" event) ---------------------------------
const DOC = {
  token: 'AAAAA',
  encodingAesKey: 'A'.repeat(43),
  appId: 'wxba5fad812f8e6fb9',
  plain: { signature: '899cf89e464efb63f54ddac96b0a0a235f53aa78', timestamp: '1714037059', nonce: '486452656' },
  urlCheck: {
    signature: 'f464b24fc39322e44b38aa78f5edd27bd1441696',
    echostr: '4375120948345356249',
    timestamp: '1714036504',
    nonce: '1514711492',
  },
  safe: {
    query: {
      signature: '6c5c811b55cc85e0e1b54100749188c20beb3f5d',
      timestamp: '1714112445',
      nonce: '415670741',
      openid: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
      encrypt_type: 'aes',
      msg_signature: '046e02f8204d34f8ba5fa3b1db94908f3df2e9b3',
    },
    encrypt:
      '+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=',
    message:
      '{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}',
  },
  reply: {
    random: '707722b803182950',
    content: '{"demo_resp":"good luck"}',
    timeStamp: 1713424427,
    nonce: '415670741',
    encrypt: 'ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==',
    msgSignature: '1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1',
  },
};
const docBody = JSON.stringify({ ToUserName: 'gh_97417a04a28d', Encrypt: DOC.safe.encrypt });

// --- helpers written independently of the module under test -------------------------------------
const sha1Sorted = (...parts: string[]) => crypto.createHash('sha1').update(parts.sort().join('')).digest('hex');

/** Encrypts like the platform: AES-256-CBC, IV = key[0..16), PKCS#7 to a multiple of 32 bytes. */
function platformEncrypt(encodingAesKey: string, message: string, appId: string, random = crypto.randomBytes(16)): string {
  const key = Buffer.from(encodingAesKey + '=', 'base64');
  const msg = Buffer.from(message, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(msg.length);
  let plain = Buffer.concat([random, len, msg, Buffer.from(appId)]);
  const pad = 32 - (plain.length % 32);
  plain = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
  const cipher = crypto.createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** A raw AES-256-CBC encryption of chosen plaintext bytes (to build wrong paddings and lengths). */
function rawEncrypt(encodingAesKey: string, plain: Buffer): string {
  const key = Buffer.from(encodingAesKey + '=', 'base64');
  const cipher = crypto.createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

const APP_ID = 'wx2421b1c4370ec43b';
const TOKEN = 'push-token-7f3a';
const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';
const now = new Date('2026-06-01T02:05:00Z');
const ts = String(Math.floor(now.getTime() / 1000));

/** A safe-mode POST as the platform would send it. */
function safePush(message: object | string, opts: { appId?: string; timestamp?: string; nonce?: string; encrypt?: string } = {}) {
  const text = typeof message === 'string' ? message : JSON.stringify(message);
  const encrypt = opts.encrypt ?? platformEncrypt(AES_KEY, text, opts.appId ?? APP_ID);
  const timestamp = opts.timestamp ?? ts;
  const nonce = opts.nonce ?? '1234567890';
  return {
    query: {
      signature: sha1Sorted(TOKEN, timestamp, nonce),
      timestamp,
      nonce,
      openid: 'oFrom',
      encrypt_type: 'aes',
      msg_signature: sha1Sorted(TOKEN, timestamp, nonce, encrypt),
    },
    body: JSON.stringify({ ToUserName: 'gh_a1b2c3d4e5f6', Encrypt: encrypt }),
  };
}

function plainPush(message: object | string, timestamp = ts, nonce = '99887766') {
  return {
    query: { signature: sha1Sorted(TOKEN, timestamp, nonce), timestamp, nonce, openid: 'oFrom' },
    body: typeof message === 'string' ? message : JSON.stringify(message),
  };
}

const deliver = {
  ToUserName: 'gh_a1b2c3d4e5f6',
  FromUserName: 'oWeChatOfficial',
  CreateTime: 1780279500,
  MsgType: 'event',
  Event: 'xpay_goods_deliver_notify',
  OpenId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
  OutTradeNo: '20260601020000a1b2c3d4e5f6a7b8',
  Env: 1,
  WeChatPayInfo: { MchOrderNo: '20260601020000a1b2c3d4e5f6a7b8', TransactionId: '4200002601202606011234567890', PaidTime: 1780279490 },
  GoodsInfo: { ProductId: 'column_42', Quantity: 1, OrigPrice: 9900, ActualPrice: 9900, Attach: 'o:42' },
};

const refund = {
  ToUserName: 'gh_a1b2c3d4e5f6',
  FromUserName: 'oWeChatOfficial',
  CreateTime: 1780290000,
  MsgType: 'event',
  Event: 'xpay_refund_notify',
  OpenId: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
  WxRefundId: 'VPR260601180000000001',
  MchRefundId: 'R20260601020000a1b2c3d4e5f6',
  WxOrderId: 'VPO260601100000000001',
  MchOrderId: '20260601020000a1b2c3d4e5f6a7b8',
  RefundFee: 9900,
  RetCode: 0,
  RetMsg: '',
  RefundStartTimestamp: 1780289900,
  RefundSuccTimestamp: 1780289990,
  WxpayRefundTransactionId: '50300000012026060112345678',
  RetryTimes: 0,
};

const iosRefundQuery = {
  CreateTime: 1773806490,
  Event: 'xpay_subscribe_ios_refund_query_notify',
  FromUserName: '',
  MsgType: 'event',
  ToUserName: '',
  bundleid: 'com.tencent.xin',
  channel_bill: '',
  consumption_status: '0',
  order_time: '1773733827',
  p_count: '1',
  pay_order_id: '20260601020000a1b2c3d4e5f6a7b8',
  product_id: 'column_42',
  provide_status: '1',
  refund_request_reason: 'UNINTENDED_PURCHASE',
  refund_time: '1773806490',
  service_type: 'unipdt',
};

const verifier = createPushVerifier({ token: TOKEN, appId: APP_ID, encodingAesKey: AES_KEY });

function rejection(fn: () => unknown): PushRejection | 'not rejected' {
  try {
    fn();
  } catch (err) {
    if (err instanceof XPayPushRejected) return err.reason;
    throw err;
  }
  return 'not rejected';
}

describe('the official message-push examples', () => {
  it('URL check (GET): signature = sha1 of sorted token, timestamp, nonce; echostr echoed', () => {
    const v = createPushVerifier({ token: DOC.token, appId: DOC.appId, encodingAesKey: DOC.encodingAesKey });
    expect(v.verifyUrl(DOC.urlCheck)).toBe('4375120948345356249');
    expect(rejection(() => v.verifyUrl({ ...DOC.urlCheck, nonce: '1514711493' }))).toBe('bad-signature');
  });

  it('plain mode: the doc signature verifies (when plain pushes are allowed)', () => {
    const v = createPushVerifier({ token: DOC.token, appId: DOC.appId, requireEncryption: false });
    const body = JSON.stringify({
      ToUserName: 'gh_97417a04a28d',
      FromUserName: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
      CreateTime: 1714037059,
      MsgType: 'event',
      Event: 'debug_demo',
      debug_str: 'hello world',
    });
    const out = v.verify({ query: DOC.plain, body });
    expect(out.mode).toBe('plain');
    expect(out.event).toMatchObject({ kind: 'other', event: 'debug_demo' });
  });

  it('safe mode: msg_signature covers Encrypt; the doc ciphertext decrypts to the doc message and appid', () => {
    const v = createPushVerifier({ token: DOC.token, appId: DOC.appId, encodingAesKey: DOC.encodingAesKey });
    const out = v.verify({ query: DOC.safe.query, body: docBody });
    expect(out.mode).toBe('safe');
    expect(out.event).toEqual({ kind: 'other', event: 'debug_demo', payload: JSON.parse(DOC.safe.message) });
    expect(decryptMessage(decodeEncodingAesKey(DOC.encodingAesKey), DOC.safe.encrypt, DOC.appId)).toBe(DOC.safe.message);
  });

  it('safe mode: the same ciphertext for another mini program is refused (appid check)', () => {
    const v = createPushVerifier({ token: DOC.token, appId: 'wx0000000000000000', encodingAesKey: DOC.encodingAesKey });
    expect(rejection(() => v.verify({ query: DOC.safe.query, body: docBody }))).toBe('wrong-appid');
  });

  it('safe mode: `signature` alone is not enough — a wrong msg_signature is refused', () => {
    const v = createPushVerifier({ token: DOC.token, appId: DOC.appId, encodingAesKey: DOC.encodingAesKey });
    expect(rejection(() => v.verify({ query: { ...DOC.safe.query, msg_signature: DOC.safe.query.signature }, body: docBody }))).toBe(
      'bad-signature',
    );
    expect(rejection(() => v.verify({ query: { ...DOC.safe.query, msg_signature: undefined }, body: docBody }))).toBe('bad-signature');
  });

  it('encrypted reply: the doc reply example is reproduced byte for byte', () => {
    const v = createPushVerifier({ token: DOC.token, appId: DOC.appId, encodingAesKey: DOC.encodingAesKey });
    const reply = v.replyBody(
      'safe',
      DOC.reply.content,
      DOC.reply.nonce,
      new Date(DOC.reply.timeStamp * 1000),
      Buffer.from(DOC.reply.random),
    );
    expect(JSON.parse(reply)).toEqual({
      Encrypt: DOC.reply.encrypt,
      MsgSignature: DOC.reply.msgSignature,
      TimeStamp: DOC.reply.timeStamp,
      Nonce: DOC.reply.nonce,
    });
  });
});

describe('virtual-payment pushes in safe mode (JSON)', () => {
  it('xpay_goods_deliver_notify: every documented field, typed', () => {
    const out = verifier.verify(safePush(deliver), now);
    expect(out.event.kind).toBe('goods_deliver');
    expect(out.event.payload).toEqual(deliver);
  });

  it('xpay_goods_deliver_notify without WeChatPayInfo (a non-WeChat-Pay channel, i.e. Apple)', () => {
    const { WeChatPayInfo: _omitted, ...apple } = deliver;
    const out = verifier.verify(safePush(apple), now);
    expect(out.event.kind === 'goods_deliver' && out.event.payload.WeChatPayInfo).toBeUndefined();
  });

  it('xpay_refund_notify: every documented field, typed', () => {
    const out = verifier.verify(safePush(refund), now);
    expect(out.event).toEqual({ kind: 'refund', payload: refund });
  });

  it('xpay_subscribe_ios_refund_query_notify: the one-level string shape; pay_order_id is our order no', () => {
    const out = verifier.verify(safePush(iosRefundQuery), now);
    expect(out.event.kind).toBe('ios_refund_query');
    expect(out.event.payload).toMatchObject({
      pay_order_id: deliver.OutTradeNo,
      provide_status: '1',
      p_count: '1',
      refund_request_reason: 'UNINTENDED_PURCHASE',
    });
  });

  it('xpay_complaint_notify and unknown events share the channel: typed or passed through, never an error', () => {
    const complaint = { ...refund, Event: 'xpay_complaint_notify', ComplaintTime: 1780300000, RequestId: 'req-1' };
    expect(verifier.verify(safePush(complaint), now).event.kind).toBe('complaint');
    expect(verifier.verify(safePush({ MsgType: 'event', Event: 'wxa_media_check' }), now).event).toMatchObject({
      kind: 'other',
      event: 'wxa_media_check',
    });
  });

  it('a message containing non-ASCII text round-trips as UTF-8', () => {
    const out = verifier.verify(safePush({ ...deliver, GoodsInfo: { ...deliver.GoodsInfo, Attach: '专栏·第一讲' } }), now);
    expect(out.event.kind === 'goods_deliver' && out.event.payload.GoodsInfo.Attach).toBe('专栏·第一讲');
  });

  it('the 兼容模式 plaintext copy next to Encrypt is ignored: only the decrypted message counts', () => {
    const push = safePush(deliver);
    const body = JSON.stringify({ ...JSON.parse(push.body), ...deliver, OutTradeNo: 'FORGED00000000' });
    const out = verifier.verify({ ...push, body }, now);
    expect(out.event.kind === 'goods_deliver' && out.event.payload.OutTradeNo).toBe(deliver.OutTradeNo);
  });

  it('acks: the documented ErrCode JSON in plain mode, the bare "success" (no encryption needed) in safe mode', () => {
    expect(JSON.parse(ackBody('plain'))).toEqual({ ErrCode: 0, ErrMsg: 'success' });
    expect(ackBody('safe')).toBe('success');
  });

  it('an iOS refund answer is encrypted in safe mode and decrypts to the answer', () => {
    const answer = JSON.stringify({ result_code: 1, result_info: '已发货', evidence: '订单已于 2026-06-01 发货并被阅读' });
    const reply = JSON.parse(verifier.replyBody('safe', answer, '1234567890', now));
    expect(reply.MsgSignature).toBe(sha1Sorted(TOKEN, String(reply.TimeStamp), '1234567890', reply.Encrypt));
    expect(decryptMessage(decodeEncodingAesKey(AES_KEY), reply.Encrypt, APP_ID)).toBe(answer);
    expect(verifier.replyBody('plain', answer, 'n', now)).toBe(answer);
  });
});

describe('what is refused (and grants nothing)', () => {
  it('a signature made with another token', () => {
    const forged = safePush(deliver);
    forged.query.msg_signature = sha1Sorted('guessed-token', forged.query.timestamp, forged.query.nonce, JSON.parse(forged.body).Encrypt);
    expect(rejection(() => verifier.verify(forged, now))).toBe('bad-signature');
  });

  it('a body swapped under a genuine signature (safe mode signs the ciphertext)', () => {
    const genuine = safePush(deliver);
    const other = safePush({ ...deliver, GoodsInfo: { ...deliver.GoodsInfo, ActualPrice: 1 } });
    expect(rejection(() => verifier.verify({ query: genuine.query, body: other.body }, now))).toBe('bad-signature');
  });

  it('a push encrypted for another appid', () => {
    expect(rejection(() => verifier.verify(safePush(deliver, { appId: 'wx9999999999999999' }), now))).toBe('wrong-appid');
  });

  it('tampered ciphertext, re-signed by someone holding the token but not the AES key', () => {
    const encrypt = platformEncrypt(AES_KEY, JSON.stringify(deliver), APP_ID);
    const bytes = Buffer.from(encrypt, 'base64');
    for (const at of [0, 17, bytes.length - 1]) {
      const flipped = Buffer.from(bytes);
      flipped[at] ^= 0x01;
      const reason = rejection(() => verifier.verify(safePush(deliver, { encrypt: flipped.toString('base64') }), now));
      expect(['bad-padding', 'bad-length', 'wrong-appid', 'malformed']).toContain(reason);
    }
  });

  it('a ciphertext under another AES key', () => {
    const encrypt = platformEncrypt('B'.repeat(43), JSON.stringify(deliver), APP_ID);
    expect(['bad-padding', 'bad-length', 'wrong-appid', 'malformed']).toContain(
      rejection(() => verifier.verify(safePush(deliver, { encrypt }), now)),
    );
  });

  it('bad padding: a pad byte of 0, of 33, and inconsistent pad bytes', () => {
    const msg = Buffer.from(JSON.stringify(deliver));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(msg.length);
    const core = Buffer.concat([crypto.randomBytes(16), len, msg, Buffer.from(APP_ID)]);
    const fill = 64 - (core.length % 32);
    for (const tail of [Buffer.alloc(fill, 0), Buffer.alloc(fill, 33), Buffer.concat([Buffer.alloc(fill - 1, 7), Buffer.from([fill])])]) {
      const encrypt = rawEncrypt(AES_KEY, Buffer.concat([core, tail]));
      expect(rejection(() => verifier.verify(safePush(deliver, { encrypt }), now))).toBe('bad-padding');
    }
  });

  it('16-byte PKCS#7 (what a generic AES library would produce) is still valid PKCS#7 ≤ 32 and decrypts', () => {
    const msg = Buffer.from(JSON.stringify(deliver));
    const len = Buffer.alloc(4);
    len.writeUInt32BE(msg.length);
    const key = Buffer.from(AES_KEY + '=', 'base64');
    const cipher = crypto.createCipheriv('aes-256-cbc', key, key.subarray(0, 16)); // Node's default 16-byte padding
    const encrypt = Buffer.concat([
      cipher.update(Buffer.concat([crypto.randomBytes(16), len, msg, Buffer.from(APP_ID)])),
      cipher.final(),
    ]).toString('base64');
    expect(verifier.verify(safePush(deliver, { encrypt }), now).event.kind).toBe('goods_deliver');
  });

  it('msg_len pointing past the plaintext, and a plaintext shorter than its header', () => {
    const long = Buffer.alloc(4);
    long.writeUInt32BE(10_000);
    const core = Buffer.concat([crypto.randomBytes(16), long, Buffer.from('{}'), Buffer.from(APP_ID)]);
    const pad = 32 - (core.length % 32);
    expect(
      rejection(() =>
        verifier.verify(safePush(deliver, { encrypt: rawEncrypt(AES_KEY, Buffer.concat([core, Buffer.alloc(pad, pad)])) }), now),
      ),
    ).toBe('bad-length');
    const tiny = Buffer.concat([crypto.randomBytes(12), Buffer.alloc(20, 20)]);
    expect(rejection(() => verifier.verify(safePush(deliver, { encrypt: rawEncrypt(AES_KEY, tiny) }), now))).toBe('bad-length');
  });

  it('Encrypt that is not base64 or not whole AES blocks', () => {
    expect(rejection(() => verifier.verify(safePush(deliver, { encrypt: 'not base64!!' }), now))).toBe('bad-ciphertext');
    expect(rejection(() => verifier.verify(safePush(deliver, { encrypt: Buffer.alloc(20).toString('base64') }), now))).toBe(
      'bad-ciphertext',
    );
  });

  it('a plain-mode push when a key is configured (its signature does not cover the body)', () => {
    expect(rejection(() => verifier.verify(plainPush(deliver), now))).toBe('encryption-required');
  });

  it('plain mode, when allowed: the signature still has to hold', () => {
    const plainVerifier = createPushVerifier({ token: TOKEN, appId: APP_ID, requireEncryption: false });
    expect(plainVerifier.verify(plainPush(deliver), now).event.kind).toBe('goods_deliver');
    const bad = plainPush(deliver);
    bad.query.signature = sha1Sorted('other', bad.query.timestamp, bad.query.nonce);
    expect(rejection(() => plainVerifier.verify(bad, now))).toBe('bad-signature');
    expect(rejection(() => plainVerifier.verify(safePush(deliver), now))).toBe('encryption-required'); // no key to decrypt with
  });

  it('missing or malformed timestamp / nonce', () => {
    const push = safePush(deliver);
    expect(rejection(() => verifier.verify({ ...push, query: { ...push.query, timestamp: undefined } }, now))).toBe('missing-params');
    expect(rejection(() => verifier.verify({ ...push, query: { ...push.query, timestamp: '17e8' } }, now))).toBe('missing-params');
    expect(rejection(() => verifier.verify({ ...push, query: { ...push.query, nonce: '' } }, now))).toBe('missing-params');
  });

  it('replay-ish: outside an opted-in timestamp window, and only then', () => {
    const windowed = createPushVerifier({ token: TOKEN, appId: APP_ID, encodingAesKey: AES_KEY, maxSkewSec: 300 });
    const old = safePush(deliver, { timestamp: String(Number(ts) - 301) });
    expect(rejection(() => windowed.verify(old, now))).toBe('stale');
    expect(rejection(() => windowed.verify(safePush(deliver, { timestamp: String(Number(ts) + 301) }), now))).toBe('stale');
    expect(windowed.verify(safePush(deliver, { timestamp: String(Number(ts) - 299) }), now).event.kind).toBe('goods_deliver');
    // Without a window (the default) a late retry still verifies: settlement's exactly-once handles repeats.
    expect(verifier.verify(old, now).event.kind).toBe('goods_deliver');
  });

  it('an oversized body, before any crypto or parsing', () => {
    const small = createPushVerifier({ token: TOKEN, appId: APP_ID, encodingAesKey: AES_KEY, maxBodyBytes: 2048 });
    const push = safePush({ ...deliver, GoodsInfo: { ...deliver.GoodsInfo, Attach: 'x'.repeat(4000) } });
    expect(rejection(() => small.verify(push, now))).toBe('body-too-large');
    expect(rejection(() => verifier.verify({ ...push, body: ' '.repeat(64 * 1024 + 1) }, now))).toBe('body-too-large');
    // Counted in UTF-8 bytes, not characters.
    expect(rejection(() => small.verify({ ...push, body: '"' + '专'.repeat(700) + '"' }, now))).toBe('body-too-large');
  });

  it('deeply nested JSON (envelope or decrypted message)', () => {
    const deep = '{"a":'.repeat(50) + '1' + '}'.repeat(50);
    expect(jsonDepth(deep)).toBe(50);
    expect(jsonDepth('{"s":"{{{{[[[[\\"{{{{"}')).toBe(1); // brackets inside strings do not count
    const push = safePush(deliver);
    expect(rejection(() => verifier.verify({ ...push, body: deep }, now))).toBe('json-too-deep');
    expect(rejection(() => verifier.verify(safePush(deep), now))).toBe('json-too-deep');
  });

  it.each([
    ['an XML body', '<xml><Encrypt><![CDATA[abc]]></Encrypt></xml>'],
    ['a JSON array', '[]'],
    ['a JSON string', '"hello"'],
    ['null', 'null'],
    ['truncated JSON', '{"Encrypt":'],
    ['an envelope without Encrypt', '{"ToUserName":"gh_x"}'],
  ])('an odd envelope: %s', (_name, body) => {
    expect(rejection(() => verifier.verify({ ...safePush(deliver), body }, now))).toBe('malformed');
  });

  it.each([
    ['no Event', { ...deliver, Event: undefined }],
    ['OutTradeNo as a number', { ...deliver, OutTradeNo: 20260601 }],
    ['ActualPrice as a float', { ...deliver, GoodsInfo: { ...deliver.GoodsInfo, ActualPrice: 99.5 } }],
    ['ActualPrice beyond safe integers', { ...deliver, GoodsInfo: { ...deliver.GoodsInfo, ActualPrice: 2 ** 60 } }],
    ['GoodsInfo missing', { ...deliver, GoodsInfo: undefined }],
    ['GoodsInfo an array', { ...deliver, GoodsInfo: [] }],
    ['Env 7', { ...deliver, Env: 7 }],
    ['an empty OutTradeNo', { ...deliver, OutTradeNo: '' }],
    ['a refund without MchOrderId', { ...refund, MchOrderId: undefined }],
    ['an iOS query without pay_order_id', { ...iosRefundQuery, pay_order_id: undefined }],
  ])('a decrypted message with %s', (_name, message) => {
    expect(rejection(() => verifier.verify(safePush(message), now))).toBe('malformed');
  });

  it('decrypted bytes that are not UTF-8', () => {
    const bad = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(bad.length);
    const core = Buffer.concat([crypto.randomBytes(16), len, bad, Buffer.from(APP_ID)]);
    const pad = 32 - (core.length % 32);
    expect(
      rejection(() =>
        verifier.verify(safePush(deliver, { encrypt: rawEncrypt(AES_KEY, Buffer.concat([core, Buffer.alloc(pad, pad)])) }), now),
      ),
    ).toBe('malformed');
  });
});

describe('configuration and the CloudBase-routed path', () => {
  it('a bad EncodingAESKey or a missing token is a config error at start-up, not a rejected push', () => {
    expect(() => createPushVerifier({ token: TOKEN, appId: APP_ID, encodingAesKey: 'short' })).toThrow(XPayPushConfigError);
    expect(() => createPushVerifier({ token: TOKEN, appId: APP_ID, encodingAesKey: 'A'.repeat(42) + '!' })).toThrow(XPayPushConfigError);
    expect(() => createPushVerifier({ token: '', appId: APP_ID })).toThrow(XPayPushConfigError);
    expect(() => createPushVerifier({ token: TOKEN, appId: APP_ID, requireEncryption: true })).toThrow(XPayPushConfigError);
  });

  it('parsePushMessage types an already-decrypted event object (what CloudBase hands a cloud function)', () => {
    expect(parsePushMessage(deliver)).toEqual({ kind: 'goods_deliver', payload: deliver });
    expect(parsePushMessage({ ...deliver, Env: '1', GoodsInfo: { ...deliver.GoodsInfo, ActualPrice: '9900' } })).toMatchObject({
      payload: { Env: 1, GoodsInfo: { ActualPrice: 9900 } },
    });
  });
});
