// QA F12: curl's option syntax (bundled flags, attached values, -X/-d/--request/-4/--help).
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../sim/create';
import { defaultClusterSpec } from '../../model/spec';
import { createEnv } from '../../model/env';
import { runScript } from '../script';
import { parseCurlArgs } from './curl/options';

/** A shell in the default sandbox's client pod (Service `web` in front of nginx pods). */
function client() {
  const e = createEngine(defaultClusterSpec(), createEnv(1));
  return (script: string) => {
    const r = runScript({ engine: e, target: { kind: 'pod', namespace: 'default', name: 'client' }, script });
    return r.output;
  };
}

describe('curl option parsing', () => {
  it('bundled flags and attached values are split as curl does', () => {
    const o = parseCurlArgs(['-sSLk', '-m1', '-XPOST', '-d', 'a=b', '--data', 'c=d', '-4', '--request', 'PUT', '-w%{http_code}', 'web']);
    expect(o).toMatchObject({ silent: true, showError: true, location: true, insecure: true, maxTime: 1, method: 'PUT', data: 'a=b&c=d', writeOut: '%{http_code}', url: 'web' });
    expect(parseCurlArgs(['-sm', '2', 'x'])).toMatchObject({ silent: true, maxTime: 2, url: 'x' });
  });

  it('bad options: curl 8 messages, exit 2', () => {
    const sh = client();
    expect(sh('curl --bogus web; echo rc=$?; curl -sm; echo rc=$?; curl -m x web; echo rc=$?')).toBe(
      "curl: option --bogus: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\nrc=2\n" +
        "curl: option -sm: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\nrc=2\n" +
        "curl: option -m: expected a proper numerical parameter\ncurl: try 'curl --help' or 'curl --manual' for more information\nrc=2\n",
    );
  });
});

describe('curl in the client pod', () => {
  it('-sv prints the transcript with curl 8.11 resolver lines', () => {
    expect(client()('curl -sv web; echo rc=$?')).toMatchInlineSnapshot(`
      "* Host web:80 was resolved.
      * IPv6: (none)
      * IPv4: 10.105.106.67
      *   Trying 10.105.106.67:80...
      * Connected to web (10.105.106.67) port 80
      * using HTTP/1.x
      > GET / HTTP/1.1
      > Host: web
      > User-Agent: curl/8.11.1
      > Accept: */*
      > 
      * Request completely sent off
      < HTTP/1.1 200 OK
      < Content-Type: text/plain
      < Content-Length: 47
      < 
      web-84d7d89658-t4q7z (client 10.244.2.3:39833)
      * Connection #0 to host web left intact
      rc=0
      "
    `);
  });

  it('-sSL -m1 -X POST -d -4 -w %{http_code} -o /dev/null', () => {
    expect(client()('curl -sSL -m1 -X POST -d a=b -4 -w "%{http_code}\\n" -o /dev/null web; echo rc=$?')).toBe('200\nrc=0\n');
  });

  it('-I / --head and -i', () => {
    expect(client()('curl -sI web; curl --head -s web | head -1; curl -si web | tail -1')).toMatchInlineSnapshot(`
      "HTTP/1.1 200 OK
      Content-Type: text/plain
      Content-Length: 47

      HTTP/1.1 200 OK
      web-84d7d89658-5jbs9 (client 10.244.2.3:49834)
      "
    `);
  });

  it('-v with -d shows the POST and the upload line', () => {
    expect(client()('curl -v --data a=b --connect-timeout 3 web 2>&1 | grep -E "^[>*] (POST|Content|upload)"')).toMatchInlineSnapshot(`
      "> POST / HTTP/1.1
      > Content-Length: 3
      > Content-Type: application/x-www-form-urlencoded
      * upload completely sent off: 3 bytes
      "
    `);
  });

  it('--help prints curl 8.11 short help, exit 0', () => {
    const out = client()('curl --help; echo rc=$?');
    expect(out.startsWith('Usage: curl [options...] <url>\n -d, --data <data>           HTTP POST data\n')).toBe(true);
    expect(out.endsWith('Use "--help [option]" to view documentation for a given option\nrc=0\n')).toBe(true);
  });

  it('-O saves under the URL file name; a URL without one is refused (23)', () => {
    expect(client()('cd /tmp; curl -sO web/index.html; echo rc=$?; cat /tmp/index.html; curl -O web/; echo rc=$?')).toMatch(
      /^rc=0\nweb-[a-z0-9]+-[a-z0-9]+ \(client 10\.244\.2\.3:\d+\)\ncurl: Remote filename has no length\ncurl: \(23\) Failed writing received data to disk\/application\nrc=23\n$/,
    );
  });

  it('-o FILE writes the body instead of stdout', () => {
    expect(client()('curl -s -o /tmp/page web; echo rc=$?; cat /tmp/page')).toMatch(/^rc=0\nweb-[a-z0-9]+-[a-z0-9]+ \(client 10\.244\.2\.3:\d+\)\n$/);
  });

  it('https to the kubernetes Service: the cluster-CA-signed apiserver cert fails verification without -k', () => {
    const sh = client();
    expect(sh('curl -sS https://kubernetes.default/version; echo rc=$?')).toBe(
      'curl: (60) SSL certificate problem: unable to get local issuer certificate\nMore details here: https://curl.se/docs/sslcerts.html\n\n' +
        'curl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\n' +
        'how to fix it, please visit the webpage mentioned above.\nrc=60\n',
    );
    expect(sh("curl -vk https://kubernetes.default/healthz 2>&1 | grep -E '^\\*  (subject|issuer|SSL certificate verify)'")).toBe(
      '*  subject: CN=kube-apiserver\n*  issuer: CN=kubernetes\n*  SSL certificate verify result: unable to get local issuer certificate (20), continuing anyway.\n',
    );
  });
});
