// QA F16: Ingress TLS as curl sees it — the fake certificate when the secret is missing
// (curl exit 60 unless -k), the handshake in -v, and ssl-redirect's 308 for plain HTTP.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { createEnv } from '../../model/env';
import { defaultClusterSpec } from '../../model/spec';
import { runScript } from '../../shell/script';
import type { Service } from '../../model/objects';

function setup() {
  const e = createEngine(defaultClusterSpec(), createEnv(1));
  const node = { kind: 'node' as const, name: 'node-1' };
  const sh = (script: string) => runScript({ engine: e, target: node, script }).output;
  expect(sh('kubectl create ingress web --class=nginx --rule="web.example/*=web:80,tls=web-tls"')).toBe('ingress.networking.k8s.io/web created\n');
  const svc = e.store.get<Service>('Service', 'ingress-nginx', 'ingress-nginx-controller')!;
  const http = svc.spec.ports!.find((p) => p.name === 'http')!.nodePort!;
  const https = svc.spec.ports!.find((p) => p.name === 'https')!.nodePort!;
  const url = `--resolve web.example:${https}:192.168.56.12 https://web.example:${https}/`;
  return { e, sh, http, https, url };
}

describe('ingress-nginx TLS through curl', () => {
  it('missing secret: the fake certificate fails verification (exit 60); -s is silent', () => {
    const { sh, url } = setup();
    expect(sh(`curl ${url}; echo rc=$?; curl -s ${url}; echo rc=$?; curl -sS ${url} 2>&1 | head -1`)).toBe(
      'curl: (60) SSL certificate problem: self-signed certificate\n' +
        'More details here: https://curl.se/docs/sslcerts.html\n\n' +
        'curl failed to verify the legitimacy of the server and therefore could not\n' +
        'establish a secure connection to it. To learn more about this situation and\n' +
        'how to fix it, please visit the webpage mentioned above.\n' +
        'rc=60\nrc=60\ncurl: (60) SSL certificate problem: self-signed certificate\n',
    );
  });

  it('-v -k shows the TLS handshake and the fake certificate, then the answer', () => {
    const { sh, url } = setup();
    const out = sh(`curl -v -k ${url} 2>&1 | sed -n '/ALPN: curl/,/using HTTP/p'`);
    expect(out.replace(/date: .*/g, 'date: X')).toBe(`* ALPN: curl offers h2,http/1.1
* TLSv1.3 (OUT), TLS handshake, Client hello (1):
*  CAfile: /etc/ssl/certs/ca-certificates.crt
*  CApath: /etc/ssl/certs
* TLSv1.3 (IN), TLS handshake, Server hello (2):
* TLSv1.3 (IN), TLS change cipher, Change cipher spec (1):
* TLSv1.3 (IN), TLS handshake, Encrypted Extensions (8):
* TLSv1.3 (IN), TLS handshake, Certificate (11):
* TLSv1.3 (IN), TLS handshake, CERT verify (15):
* TLSv1.3 (IN), TLS handshake, Finished (20):
* TLSv1.3 (OUT), TLS change cipher, Change cipher spec (1):
* TLSv1.3 (OUT), TLS handshake, Finished (20):
* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384 / X25519 / RSASSA-PSS
* ALPN: server accepted h2
* Server certificate:
*  subject: O=Acme Co; CN=Kubernetes Ingress Controller Fake Certificate
*  start date: X
*  expire date: X
*  issuer: O=Acme Co; CN=Kubernetes Ingress Controller Fake Certificate
*  SSL certificate verify result: self-signed certificate (18), continuing anyway.
*   Certificate level 0: Public key type RSA (2048/112 Bits/rsaEncryption), signature algorithm sha256WithRSAEncryption.
* using HTTP/2
`);
    expect(sh(`curl -sk ${url}; echo rc=$?`)).toMatch(/^web-[a-z0-9]+-[a-z0-9]+ \(client 10\.244\.\d+\.\d+:\d+\)\nrc=0\n$/);
  });

  it('-v without -k stops at the certificate with the alert', () => {
    const { sh, url } = setup();
    expect(sh(`curl -v ${url} 2>&1 | sed -n '/Certificate (11)/,/closing/p'`)).toBe(
      '* TLSv1.3 (IN), TLS handshake, Certificate (11):\n* TLSv1.3 (OUT), TLS alert, unknown CA (560):\n* SSL certificate problem: self-signed certificate\n* closing connection #0\n',
    );
  });

  it('with the secret present the certificate names the host (still self-signed)', () => {
    const { e, sh, url } = setup();
    e.store.create({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-tls', namespace: 'default' }, type: 'kubernetes.io/tls', data: {} } as never);
    expect(sh(`curl -vk ${url} 2>&1 | grep -E '^\\*  (subject|issuer):'`)).toBe('*  subject: CN=web.example\n*  issuer: CN=web.example\n');
  });

  it('plain HTTP to the TLS host: 308 Permanent Redirect to https; -L follows it', () => {
    const { sh, http } = setup();
    expect(sh(`curl -s -i -H "Host: web.example" http://192.168.56.12:${http}/a?b=1`)).toBe(
      'HTTP/1.1 308 Permanent Redirect\r\nContent-Type: text/html\r\nLocation: https://web.example/a?b=1\r\nContent-Length: 164\r\n\r\n' +
        '<html>\r\n<head><title>308 Permanent Redirect</title></head>\r\n<body>\r\n<center><h1>308 Permanent Redirect</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
    );
    // -L goes to https://web.example/ — a name nobody resolves from the node.
    expect(sh(`curl -sSL -H "Host: web.example" http://192.168.56.12:${http}/; echo rc=$?`)).toBe('curl: (6) Could not resolve host: web.example\nrc=6\n');
  });

  it('-f on the ingress 404 exits 22', () => {
    const { sh, http } = setup();
    expect(sh(`curl -sSf -H "Host: other.example" http://192.168.56.12:${http}/; echo rc=$?`)).toBe('curl: (22) The requested URL returned error: 404\nrc=22\n');
  });
});

describe('HTTP/2 over TLS to ingress-nginx', () => {
  it('-vk: the h2 stream, HTTP/2 request line, lower-case response headers; -i prints HTTP/2 status', () => {
    const { sh, url, https } = setup();
    expect(sh(`curl -vk ${url} 2>&1 | sed -n '/using HTTP/,/^< $/p'`)).toBe(`* using HTTP/2
* [HTTP/2] [1] OPENED stream for https://web.example:${https}/
* [HTTP/2] [1] [:method: GET]
* [HTTP/2] [1] [:scheme: https]
* [HTTP/2] [1] [:authority: web.example:${https}]
* [HTTP/2] [1] [:path: /]
* [HTTP/2] [1] [user-agent: curl/8.11.1]
* [HTTP/2] [1] [accept: */*]
> GET / HTTP/2
> Host: web.example:${https}
> User-Agent: curl/8.11.1
> Accept: */*
> 
* Request completely sent off
< HTTP/2 200 
< content-type: text/plain
< content-length: 47
< 
`);
    expect(sh(`curl -sik ${url} | head -1`)).toBe('HTTP/2 200 \r\n');
  });
});
