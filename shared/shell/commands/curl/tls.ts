/**
 * The TLS side of curl: which certificate the server that answered presents, and the
 * handshake lines curl 8.11 (OpenSSL 3) prints with -v. kube-apiserver (cluster-CA-signed
 * cert) and ingress-nginx terminate TLS in the lab; ingress-nginx serves the certificate
 * of the Ingress TLS secret matching the SNI name when that secret exists, else its
 * "Kubernetes Ingress Controller Fake Certificate". No lab CA is in curl's trust store,
 * so verification fails with curl's error 60 unless -k.
 */
import type { Engine } from '../../../sim/engine';
import type { KubeObject } from '../../../model/objects';
import { isControllerPod } from '../../../controllers/ingress/index';
import { parseIpv4 } from '../../../kernel/netfilter/parse';
import { apiserverCert } from '../../../sim/apps/apiserver';

type Any = Record<string, any>;

/** What the server presented. */
export interface ServerCert {
  subject: string;
  issuer: string;
  start: string;
  expire: string;
  /** OpenSSL's verdict on the chain, as curl quotes it, and its X509_V_ERR code. */
  problem: string;
  code: number;
}

const FAKE = 'O=Acme Co; CN=Kubernetes Ingress Controller Fake Certificate';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** OpenSSL's ASN1_TIME_print: `Nov  6 10:00:00 2026 GMT`. */
function asn1Time(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${d.getUTCFullYear()} GMT`;
}

/** The secret an Ingress names for this SNI host, if the Secret exists. */
function secretFor(engine: Engine, sni: string): KubeObject | undefined {
  for (const ing of engine.store.list('Ingress')) {
    for (const t of (((ing.spec ?? {}) as Any).tls ?? []) as Any[]) {
      if (!t.secretName || !(t.hosts ?? []).includes(sni)) continue;
      const s = engine.store.get('Secret', ing.metadata.namespace ?? 'default', t.secretName);
      if (s) return s;
    }
  }
  return undefined;
}

/**
 * The certificate presented by the namespace that answered (`pod/ns/name`), or undefined
 * when that server speaks no TLS. `sni` is the URL's host name (curl sends none for an address).
 */
export function serverCert(engine: Engine, answeredBy: string | undefined, sni: string): ServerCert | undefined {
  // The apiserver's serving cert is signed by the cluster CA, which curl does not trust either.
  const api = apiserverCert(engine, answeredBy);
  if (api) return { subject: api.subject, issuer: api.issuer, start: asn1Time(api.bornMs), expire: asn1Time(api.bornMs + 365 * 86_400_000), problem: 'unable to get local issuer certificate', code: 20 };
  const m = /^pod\/([^/]+)\/(.+)$/.exec(answeredBy ?? '');
  if (!m) return undefined;
  const pod = engine.store.get('Pod', m[1]!, m[2]!);
  if (!pod || !isControllerPod(pod)) return undefined;
  const name = parseIpv4(sni) === undefined ? sni : '';
  const secret = name ? secretFor(engine, name) : undefined;
  // Certificates are made when their owner appears and last a year, as ingress-nginx's fake one does.
  const born = Date.parse((secret ?? pod).metadata.creationTimestamp ?? '') || 0;
  const subject = secret ? `CN=${name}` : FAKE;
  return { subject, issuer: subject, start: asn1Time(born), expire: asn1Time(born + 365 * 86_400_000), problem: 'self-signed certificate', code: 18 };
}

/** The -v lines of a TLS 1.3 handshake up to the server's certificate. */
export function handshakeLines(): string[] {
  return [
    '* ALPN: curl offers h2,http/1.1',
    '* TLSv1.3 (OUT), TLS handshake, Client hello (1):',
    '*  CAfile: /etc/ssl/certs/ca-certificates.crt',
    '*  CApath: /etc/ssl/certs',
    '* TLSv1.3 (IN), TLS handshake, Server hello (2):',
    '* TLSv1.3 (IN), TLS change cipher, Change cipher spec (1):',
    '* TLSv1.3 (IN), TLS handshake, Encrypted Extensions (8):',
    '* TLSv1.3 (IN), TLS handshake, Certificate (11):',
  ];
}

/** The -v lines after the certificate: a failed verification, or the rest of the handshake with -k. */
export function verifyLines(cert: ServerCert, insecure: boolean): string[] {
  if (!insecure) return ['* TLSv1.3 (OUT), TLS alert, unknown CA (560):', `* SSL certificate problem: ${cert.problem}`, '* closing connection #0'];
  return [
    '* TLSv1.3 (IN), TLS handshake, CERT verify (15):',
    '* TLSv1.3 (IN), TLS handshake, Finished (20):',
    '* TLSv1.3 (OUT), TLS change cipher, Change cipher spec (1):',
    '* TLSv1.3 (OUT), TLS handshake, Finished (20):',
    '* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384 / X25519 / RSASSA-PSS',
    '* ALPN: server accepted h2',
    '* Server certificate:',
    `*  subject: ${cert.subject}`,
    `*  start date: ${cert.start}`,
    `*  expire date: ${cert.expire}`,
    `*  issuer: ${cert.issuer}`,
    `*  SSL certificate verify result: ${cert.problem} (${cert.code}), continuing anyway.`,
    '*   Certificate level 0: Public key type RSA (2048/112 Bits/rsaEncryption), signature algorithm sha256WithRSAEncryption.',
  ];
}

/** What curl prints after `curl: (60) ...` unless silenced. */
export const SSL_60_ADVICE = `More details here: https://curl.se/docs/sslcerts.html

curl failed to verify the legitimacy of the server and therefore could not
establish a secure connection to it. To learn more about this situation and
how to fix it, please visit the webpage mentioned above.
`;
