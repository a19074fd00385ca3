// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { renderLabMarkdown } from './LabPanelMarkdown';

describe('renderLabMarkdown', () => {
  it('renders Markdown: headings, code, lists', () => {
    // (Not first: under happy-dom DOMPurify unwraps the document's first element; Chromium does not.)
    const html = renderLabMarkdown('Intro.\n\n### Goal\n\nRun `ip route`:\n\n- one\n- two\n');
    expect(html).toContain('<h3>Goal</h3>');
    expect(html).toContain('<code>ip route</code>');
    expect(html).toContain('<li>one</li>');
  });

  it('never lets a script through, raw or smuggled', () => {
    for (const src of ['<script>alert(1)</script>', 'x <script src="https://e.vil/x.js"></script>', '<ScRiPt>alert(1)</ScRiPt>']) {
      expect(renderLabMarkdown(src).toLowerCase()).not.toContain('<script');
    }
  });

  it('drops event handlers such as onerror=', () => {
    const html = renderLabMarkdown('<img src=x onerror="alert(1)">\n\n![a](x" onerror="alert(1))\n\n<a href="#" onclick="alert(1)">x</a>');
    const box = document.createElement('div');
    box.innerHTML = html;
    const attrs = [...box.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name));
    expect(attrs.filter((a) => a.startsWith('on'))).toEqual([]);
    expect(box.querySelector('img')).toBeNull();
  });

  it('neutralises javascript: links and keeps http links for confirmation', () => {
    const html = renderLabMarkdown('[bad](javascript:alert(1)) [also](JaVaScRiPt:alert(1)) [docs](https://kubernetes.io/docs/) <a href="javascript:alert(1)">raw</a>');
    const box = document.createElement('div');
    box.innerHTML = html;
    expect([...box.querySelectorAll('a')].map((a) => a.getAttribute('data-external-href'))).toEqual(['https://kubernetes.io/docs/']);
    expect(box.querySelectorAll('[href]')).toHaveLength(0);
    expect(html).toContain('data-external-href="https://kubernetes.io/docs/"');
  });

  it('refuses remote images but keeps inline data images', () => {
    expect(renderLabMarkdown('![x](https://tracker.example/p.png)')).not.toContain('<img');
    const tiny = 'data:image/png;base64,iVBORw0KGgo=';
    expect(renderLabMarkdown(`![x](${tiny})`)).toContain(`src="${tiny}"`);
  });
});
