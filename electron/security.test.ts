import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { appRequestPath, CSP, cspHeader, isAllowedNavigation, isExternalLinkAllowed, isTrustedSender, safeRelativePath } from './security';

describe('security decisions', () => {
  it('has the strict CSP', () => {
    expect(cspHeader()).toBe(CSP);
    expect(CSP).toContain("default-src 'none'");
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('allows navigation only inside app://netlab (parsed, not prefix-matched)', () => {
    expect(isAllowedNavigation('app://netlab/index.html')).toBe(true);
    expect(isAllowedNavigation('app://netlab/')).toBe(true);
    for (const bad of ['app://netlab.evil.com/', 'app://evil/', 'file:///etc/passwd', 'https://example.com', 'javascript:alert(1)', 'app://netlab@evil.com/', 'not a url', '', 'http://localhost:5173/']) {
      expect(isAllowedNavigation(bad), bad).toBe(false);
    }
    expect(isAllowedNavigation('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isAllowedNavigation('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isAllowedNavigation('http://localhost:5173.evil.com/', 'http://localhost:5173')).toBe(false);
  });

  it('opens only http(s) links externally', () => {
    expect(isExternalLinkAllowed('https://kubernetes.io/docs/')).toBe(true);
    expect(isExternalLinkAllowed('http://example.com')).toBe(true);
    for (const bad of ['file:///etc/passwd', 'smb://host/share', 'javascript:alert(1)', 'ms-settings:', 'https://user:pw@example.com', 'nope']) {
      expect(isExternalLinkAllowed(bad), bad).toBe(false);
    }
  });

  it('trusts only our window main frame at our origin', () => {
    const ok = { frameUrl: 'app://netlab/index.html', isMainFrame: true, isOurWindow: true };
    expect(isTrustedSender(ok)).toBe(true);
    expect(isTrustedSender({ ...ok, isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ ...ok, isOurWindow: false })).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: 'https://evil.example/' })).toBe(false);
    expect(isTrustedSender({ ...ok, frameUrl: undefined })).toBe(false);
  });

  it('maps app:// requests into the renderer folder only', () => {
    expect(appRequestPath('app://netlab/')).toBe('index.html');
    expect(appRequestPath('app://netlab/assets/index-abc.js?x=1')).toBe('assets/index-abc.js');
    expect(appRequestPath('app://netlab/../../etc/passwd')).toBe('etc/passwd'); // URL parsing already collapses ..
    expect(appRequestPath('app://netlab/a/%2e%2e/%2e%2e/secret')).toBe('secret'); // the URL parser resolves %2e%2e too
    expect(appRequestPath('app://netlab/a%2f..%2f..%2fsecret')).toBeUndefined();
    expect(appRequestPath('app://netlab/a%5c..%5csecret')).toBeUndefined();
    expect(appRequestPath('app://other/index.html')).toBeUndefined();
    expect(appRequestPath('file:///index.html')).toBeUndefined();
  });

  it('never yields a path that climbs out', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const p = safeRelativePath('/' + s);
      if (p !== undefined) {
        expect(p.split('/')).not.toContain('..');
        expect(p.startsWith('/')).toBe(false);
      }
    }));
  });
});
