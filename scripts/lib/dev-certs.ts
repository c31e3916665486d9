/**
 * Certificates for development and tests only (never production: DEPLOY.md says where real
 * ones come from): a CA, a server certificate it signs for loopback (localhost, 127.0.0.1,
 * ::1), client certificates for mutual TLS, and, for the refusal tests, certificates that
 * have expired or come from another CA. ECDSA P-256, made with @peculiar/x509 on WebCrypto.
 */
// @peculiar/x509 resolves its algorithms through tsyringe, which needs the metadata polyfill.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

export interface Pem {
  cert: string;
  key: string;
}

export interface DevCa extends Pem {
  issue(options: LeafOptions): Promise<Pem>;
}

export interface LeafOptions {
  commonName: string;
  usage: 'server' | 'client';
  /** Defaults: valid from yesterday for 30 days. */
  notBefore?: Date;
  notAfter?: Date;
}

let serial = 1;
const nextSerial = () => (serial++).toString(16).padStart(2, '0');

async function keyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key as never));
  const lines = der.toString('base64').match(/.{1,64}/gu) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

const generate = () =>
  webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify']) as unknown as Promise<CryptoKeyPair>;

export async function createDevCa(name = 'Verify Desk development CA'): Promise<DevCa> {
  const keys = await generate();
  const now = Date.now();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: nextSerial(),
    name: `CN=${name}`,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 365 * DAY),
    signingAlgorithm: ALG,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });

  async function issue(options: LeafOptions): Promise<Pem> {
    const leafKeys = await generate();
    const start = Date.now();
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: nextSerial(),
      subject: `CN=${options.commonName}`,
      issuer: ca.subject,
      notBefore: options.notBefore ?? new Date(start - DAY),
      notAfter: options.notAfter ?? new Date(start + 30 * DAY),
      signingAlgorithm: ALG,
      publicKey: leafKeys.publicKey,
      signingKey: keys.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([
          options.usage === 'server'
            ? x509.ExtendedKeyUsage.serverAuth
            : x509.ExtendedKeyUsage.clientAuth,
        ]),
        ...(options.usage === 'server'
          ? [
              new x509.SubjectAlternativeNameExtension([
                { type: 'dns', value: 'localhost' },
                { type: 'ip', value: '127.0.0.1' },
                { type: 'ip', value: '::1' },
              ]),
            ]
          : []),
        await x509.AuthorityKeyIdentifierExtension.create(ca),
      ],
    });
    return { cert: cert.toString('pem'), key: await keyPem(leafKeys.privateKey) };
  }

  return { cert: ca.toString('pem'), key: await keyPem(keys.privateKey), issue };
}

/** A CA and a loopback server certificate from it: what `npm run server` uses. */
export async function loopbackServerCerts(): Promise<{ ca: string; server: Pem }> {
  const ca = await createDevCa();
  return { ca: ca.cert, server: await ca.issue({ commonName: 'localhost', usage: 'server' }) };
}
