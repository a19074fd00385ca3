/**
 * Lab Markdown to safe HTML: markdown-it with raw HTML off, then DOMPurify, then an
 * allowlist pass of our own. No scripts, no event handlers, no remote images (only data: and bundled relative
 * ones), no javascript: links; every link is neutralised to carry its URL in
 * `data-external-href`, so the panel can ask the learner before the host opens it in the
 * system browser.
 */
import MarkdownIt from 'markdown-it';
import DOMPurify from 'dompurify';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

const SAFE_LINK = /^(https?:|mailto:)/i;
const SAFE_IMG = /^data:image\/(png|gif|jpeg|webp);base64,/i;

/** Tags lab text may use (what markdown-it produces); anything else becomes its text. */
const ALLOWED_TAGS = new Set([
  'P', 'BR', 'HR', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'STRONG', 'EM', 'S', 'DEL', 'CODE', 'PRE', 'BLOCKQUOTE',
  'UL', 'OL', 'LI', 'A', 'IMG', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'SPAN',
]);
/** Elements dropped with their content. */
const DROP_WITH_CONTENT = new Set(['SCRIPT', 'STYLE', 'IFRAME', 'OBJECT', 'EMBED', 'TEMPLATE', 'NOSCRIPT', 'SVG', 'MATH']);
/** Attributes kept, by tag (everything else, on* handlers included, goes). */
const ALLOWED_ATTRS: Record<string, string[]> = {
  A: ['data-external-href', 'title', 'role', 'tabindex'],
  IMG: ['src', 'alt', 'title'],
  CODE: ['class'],
  OL: ['start'],
  TH: ['align'],
  TD: ['align'],
};

/** Our own allowlist pass over the DOM: links neutralised, remote images dropped, attributes pruned. */
function harden(html: string): string {
  const box = document.createElement('template');
  box.innerHTML = html;
  for (const el of [...box.content.querySelectorAll('*')]) {
    if (!el.isConnected && !box.content.contains(el)) continue;
    const tag = el.tagName.toUpperCase();
    if (DROP_WITH_CONTENT.has(tag)) {
      el.remove();
      continue;
    }
    if (!ALLOWED_TAGS.has(tag)) {
      el.replaceWith(document.createTextNode(el.textContent ?? ''));
      continue;
    }
    if (tag === 'A') {
      const href = el.getAttribute('href') ?? el.getAttribute('data-external-href') ?? '';
      if (SAFE_LINK.test(href.trim())) {
        el.setAttribute('data-external-href', href.trim());
        el.setAttribute('role', 'link');
        el.setAttribute('tabindex', '0');
        el.setAttribute('title', href.trim());
      } else el.removeAttribute('data-external-href');
    }
    if (tag === 'IMG' && !SAFE_IMG.test(el.getAttribute('src') ?? '')) {
      el.remove();
      continue;
    }
    const keep = ALLOWED_ATTRS[tag] ?? [];
    for (const a of [...el.attributes]) if (!keep.includes(a.name.toLowerCase())) el.removeAttribute(a.name);
    if (tag === 'CODE' && !/^language-[\w-]+$/.test(el.getAttribute('class') ?? '')) el.removeAttribute('class');
  }
  return box.innerHTML;
}

/**
 * Renders lab Markdown to sanitised HTML: DOMPurify first (the well-kept sanitiser), then
 * our allowlist pass, so a gap in either one alone does not let anything through.
 */
export function renderLabMarkdown(text: string): string {
  const html = md.render(text);
  const purified = DOMPurify(window).sanitize(html, {
    FORBID_TAGS: ['style', 'script', 'iframe', 'object', 'embed', 'form', 'input', 'button', 'textarea', 'select', 'svg', 'math', 'link', 'meta', 'base'],
    FORBID_ATTR: ['style', 'srcset', 'action', 'formaction', 'xlink:href'],
  }) as string;
  return harden(purified);
}
