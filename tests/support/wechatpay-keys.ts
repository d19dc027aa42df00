import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Keys a test makes for itself, standing in for WeChat Pay's: a platform certificate (made with
 * the openssl CLI, as merchants do — Node can read X.509 but not issue it), a "WeChat Pay public
 * key" with its PUB_KEY_ID, and a 32-byte API v3 key.
 */
export interface TestWechatPayKeys {
  platformCertPem: string;
  platformKeyPem: string;
  platformSerial: string;
  publicKeyPem: string;
  publicKeyPrivatePem: string;
  publicKeyId: string;
  apiV3Key: string;
}

export function makeWechatPayKeys(): TestWechatPayKeys {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wxpay-keys-'));
  try {
    const keyPath = path.join(dir, 'key.pem');
    const certPath = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-subj',
        '/CN=Tenpay.com Root CA',
        '-days',
        '2',
      ],
      { stdio: 'pipe' },
    );
    const platformCertPem = fs.readFileSync(certPath, 'utf8');
    const wechatKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    return {
      platformCertPem,
      platformKeyPem: fs.readFileSync(keyPath, 'utf8'),
      platformSerial: new crypto.X509Certificate(platformCertPem).serialNumber,
      publicKeyPem: wechatKey.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      publicKeyPrivatePem: wechatKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicKeyId: 'PUB_KEY_ID_0112345678902025061200000000000000',
      apiV3Key: crypto.randomBytes(16).toString('hex'), // 32 ASCII bytes
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** AEAD_AES_256_GCM as WeChat Pay encrypts a notification resource. */
export function encryptResource(plain: object, apiV3Key: string) {
  const nonce = crypto.randomBytes(6).toString('hex'); // 12 chars, as WeChat sends
  const associated_data = 'transaction';
  const cipher = crypto.createCipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(nonce));
  cipher.setAAD(Buffer.from(associated_data));
  const data = Buffer.concat([cipher.update(JSON.stringify(plain), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: data.toString('base64'), associated_data, nonce, original_type: 'transaction' };
}

/** A signed notification: headers + the raw body, exactly as WeChat Pay POSTs it. */
export function signedNotification(opts: { body: string; privateKeyPem: string; serial: string; timestamp: number; nonce?: string }) {
  const nonce = opts.nonce ?? crypto.randomBytes(16).toString('hex');
  const signature = crypto
    .sign('RSA-SHA256', Buffer.from(`${opts.timestamp}\n${nonce}\n${opts.body}\n`), opts.privateKeyPem)
    .toString('base64');
  return {
    headers: {
      'Wechatpay-Timestamp': String(opts.timestamp),
      'Wechatpay-Nonce': nonce,
      'Wechatpay-Signature': signature,
      'Wechatpay-Serial': opts.serial,
      'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
      'Content-Type': 'application/json',
    },
    body: opts.body,
  };
}

export function transactionNotificationBody(resource: object): string {
  return JSON.stringify({
    id: 'EV-2018022511223320873',
    create_time: '2026-06-01T10:30:00+08:00',
    resource_type: 'encrypt-resource',
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    resource,
  });
}
